import Foundation

/// The kept lists of similar papers (see `MoreLikeThis`), computed in the background.
public protocol SimilarListStore: Sendable {
    /// Papers most similar to one, best first (at most `MoreLikeThis.listLength`); nil when
    /// the paper is unknown. A list is computed once, kept, and read by later calls.
    func similar(to id: PaperID, limit: Int) async throws -> [SearchHit]?
    /// Computes and keeps the similar-paper lists of up to `limit` papers: first those with
    /// none (newest first), then lists computed before `refreshingBefore` (oldest first),
    /// which miss the papers that arrived since. Returns how many it computed; 0 when all
    /// are done.
    func fillSimilarLists(limit: Int, refreshingBefore: Date) async throws -> Int
    /// How many papers have no similar-paper list yet.
    func similarListsMissing() async throws -> Int
}
