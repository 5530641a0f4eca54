import Foundation
import Logging
import PaperboyCore

/// What one run of a fetcher did; every fetcher reports the same way.
public struct FetchReport: Sendable, Equatable {
    /// Pages (for Hugging Face: days) imported.
    public var pages = 0
    public var records = 0
    public var inserted = 0
    public var updated = 0
    public var skipped = 0
    /// Whether the run continued one that had stopped.
    public var resumed = false

    public init() {}

    /// "pages 4, papers 153 (new 153, updated 0), skipped 0", with `unit` for pages.
    public func summary(unit: String = "pages") -> String {
        "\(unit) \(pages), papers \(records) (new \(inserted), updated \(updated)), skipped \(skipped)" + (resumed ? ", resumed" : "")
    }
}
