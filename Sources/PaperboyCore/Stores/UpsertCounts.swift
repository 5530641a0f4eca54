import Foundation

/// What one write of a batch did.
public struct UpsertCounts: Hashable, Sendable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }

    public static func + (a: UpsertCounts, b: UpsertCounts) -> UpsertCounts {
        UpsertCounts(inserted: a.inserted + b.inserted, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged)
    }
}
