import AsyncAlgorithms
import Foundation
import Logging

/// Reports from a running import, for progress lines and warnings.
public protocol ImportObserver: Sendable {
    func skipped(_ issue: RecordIssue, in path: String)
    func committed(path: String, recordsRead: Int, totals: UpsertCounts)
}
