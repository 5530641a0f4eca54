import Foundation

/// A paper in a reader's library, with the collections it is in.
public struct SavedPaper: Sendable, Equatable {
    public var paper: PaperID
    /// Sorted by name.
    public var collections: [String]
    /// When it was first saved (into any collection).
    public var saved: Date

    public init(paper: PaperID, collections: [String], saved: Date) {
        self.paper = paper
        self.collections = collections
        self.saved = saved
    }
}
