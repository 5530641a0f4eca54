import Foundation

/// The store's change sequence: every write that changes what a paper is searched by (a new
/// paper; a new title, abstract, author list, category list or date) takes the next number,
/// in commit order. Search indexes kept beside the store (derived data, one per process)
/// remember the last number they hold and catch up from it, so an index is never more than
/// one catch-up behind however many processes write, and a crash of either side loses nothing.
public protocol PaperChangeStore: Sendable {
    /// A value fixed when the store was created: an index built from another database (a
    /// file replaced or restored) is recognised and rebuilt rather than caught up.
    func storeIdentity() async throws -> String
    /// The number of the latest change, 0 before any.
    func latestPaperChange() async throws -> Int64
    /// Changes after `sequence`, oldest first, at most `limit`; a paper changed several times
    /// appears once per change, each with the paper as it is now.
    func paperChanges(after sequence: Int64, limit: Int) async throws -> [PaperChange]
}

/// One entry of the change sequence.
public struct PaperChange: Sendable, Equatable {
    public var sequence: Int64
    public var id: PaperID
    /// The paper as stored now; nil when it is no longer stored.
    public var paper: Paper?

    public init(sequence: Int64, id: PaperID, paper: Paper?) {
        self.sequence = sequence
        self.id = id
        self.paper = paper
    }
}

extension Paper {
    /// Whether a search index must index this paper again when it becomes `other`: its
    /// searched text or its date differ (votes, links and other details are not searched by
    /// words, so changing them leaves the indexes alone).
    public func searchedDifferently(from other: Paper) -> Bool {
        title != other.title || abstract != other.abstract || authors != other.authors
            || categories != other.categories || published != other.published
    }
}
