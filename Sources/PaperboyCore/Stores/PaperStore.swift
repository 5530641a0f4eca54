import Foundation

/// Papers and search over them: what import writes and every list, page and search reads.
/// The other aggregates have their own small protocols beside this one (`VoteStore`,
/// `FetchStateStore`, `EmbeddingStore`, `SimilarListStore`, `SettingStore`,
/// `SubscriptionStore`, `OutboxStore`, `JobProblemStore`, `PaperChangeStore`, `AccountStore`,
/// `LibraryStore`, `SessionStore`); a component asks for the ones it uses. Every store (SQLite,
/// in-memory, later PostgreSQL) passes the same conformance suite.
public protocol PaperStore: Sendable {
    /// Merges a batch of papers in one transaction (see `Paper.merged(with:)`): all of the
    /// batch is stored, or none of it.
    func upsert(_ papers: [Paper]) async throws -> UpsertCounts
    func paper(id: PaperID) async throws -> Paper?
    /// The papers with these ids, in the order asked, skipping unknown ids (one read).
    func papers(ids: [PaperID]) async throws -> [Paper]
    /// Every paper in id order, in pages, so an export runs in constant memory.
    func papers(after: PaperID?, limit: Int) async throws -> [Paper]
    func count() async throws -> Int
    func stats() async throws -> StoreStats

    /// Papers matching a query: ranked by relevance when it has words, newest first when it
    /// has only filters.
    func search(_ request: SearchRequest) async throws -> SearchResults
    /// Papers that appeared in a window, most voted first (see `TrendingRequest`).
    func trending(_ request: TrendingRequest) async throws -> TrendingPage
    /// Papers that appeared (first listed, else published) within `days`: matching `query`
    /// by relevance, or with no query (or one of detail filters only, `has:code`) the most
    /// voted. What a digest chooses from.
    func papersAppeared(in days: ClosedRange<Day>, matching query: SearchQuery?, limit: Int) async throws -> [SearchHit]
    /// Loads caches a server wants ready before its first request.
    func warmUp() async throws
}
