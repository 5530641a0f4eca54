import Foundation

/// What a search asks for: the parsed query plus the filters the CLI and API expose as options.
public struct SearchRequest: Hashable, Sendable {
    public var query: SearchQuery
    public var since: Day?
    public var until: Day?
    public var limit: Int
    public var offset: Int

    public init(query: SearchQuery, since: Day? = nil, until: Day? = nil, limit: Int = 20, offset: Int = 0) {
        self.query = query
        self.since = since
        self.until = until
        self.limit = limit
        self.offset = offset
    }
}

public struct SearchHit: Hashable, Sendable {
    public var paper: Paper
    /// Higher is better (a negated bm25 for text queries; 0 for filter-only queries).
    public var score: Double

    public init(paper: Paper, score: Double) {
        self.paper = paper
        self.score = score
    }
}

public struct SearchResults: Hashable, Sendable {
    public var total: Int
    public var hits: [SearchHit]

    public init(total: Int, hits: [SearchHit]) {
        self.total = total
        self.hits = hits
    }
}

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

public struct StoreStats: Hashable, Sendable, Codable {
    public struct CategoryCount: Hashable, Sendable, Codable {
        public var category: String
        public var papers: Int

        public init(category: String, papers: Int) {
            self.category = category
            self.papers = papers
        }
    }

    public var papers: Int
    public var withAbstract: Int
    public var withUpvotes: Int
    public var earliestPublished: String?
    public var latestPublished: String?
    public var topCategories: [CategoryCount]
    public var databaseBytes: Int64

    public init(papers: Int, withAbstract: Int, withUpvotes: Int, earliestPublished: String?,
                latestPublished: String?, topCategories: [CategoryCount], databaseBytes: Int64) {
        self.papers = papers
        self.withAbstract = withAbstract
        self.withUpvotes = withUpvotes
        self.earliestPublished = earliestPublished
        self.latestPublished = latestPublished
        self.topCategories = topCategories
        self.databaseBytes = databaseBytes
    }

    enum CodingKeys: String, CodingKey {
        case papers
        case withAbstract = "with_abstract"
        case withUpvotes = "with_upvotes"
        case earliestPublished = "earliest_published"
        case latestPublished = "latest_published"
        case topCategories = "top_categories"
        case databaseBytes = "database_bytes"
    }
}

/// Where papers are kept. Every store (SQLite now, PostgreSQL later) passes the same
/// conformance suite.
public protocol PaperStore: Sendable {
    /// Merges a batch of papers in one transaction (see `Paper.merged(with:)`): all of the
    /// batch is stored, or none of it.
    func upsert(_ papers: [Paper]) async throws -> UpsertCounts
    /// The same, saving a fetcher's progress (`state` under `key`) in the same transaction,
    /// so that progress never runs ahead of, nor behind, the papers it brought.
    func upsert(_ papers: [Paper], saving state: (key: String, value: String)) async throws -> UpsertCounts
    /// A fetcher's saved progress.
    func fetchState(_ key: String) async throws -> String?
    /// Every fetcher's saved progress, with the time it was saved.
    func fetchStates() async throws -> [(key: String, value: String, savedAt: Date)]
    func paper(id: PaperID) async throws -> Paper?
    /// The papers with these ids, in the order asked, skipping unknown ids (one read).
    func papers(ids: [PaperID]) async throws -> [Paper]
    func search(_ request: SearchRequest) async throws -> SearchResults
    func count() async throws -> Int
    func stats() async throws -> StoreStats
    /// Every paper in id order, in pages, so an export runs in constant memory.
    func papers(after: PaperID?, limit: Int) async throws -> [Paper]

    /// Papers that appeared in a window, most voted first (see `TrendingRequest`).
    func trending(_ request: TrendingRequest) async throws -> TrendingPage
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
    /// Up to `limit` papers with no embedding by `model`, newest first.
    func papersNeedingEmbedding(model: String, limit: Int) async throws -> [Paper]
    /// Stores embeddings (one transaction); papers gone meanwhile are skipped.
    func saveEmbeddings(_ embeddings: [(id: PaperID, vector: [Float])], model: String) async throws
    /// Every embedding by `model`, with its paper's id.
    func embeddings(model: String) async throws -> [(id: PaperID, vector: [Float])]
    /// How many papers have an embedding by `model`, and how many papers there are.
    func embeddingCoverage(model: String) async throws -> (embedded: Int, papers: Int)
    /// Records one vote of `voter`, from client `network`, for a paper; a second vote by the
    /// same voter changes nothing. It counts only while the paper has fewer than
    /// `networkLimit` counted votes from that network on that (UTC) day; past that it is
    /// kept, not counted (`.limited`). Nil when the paper is unknown.
    func vote(for id: PaperID, voter: String, network: String, at date: Date, networkLimit: Int) async throws -> VoteOutcome?
    /// Which of `ids` `voter` has voted for.
    func votedPapers(by voter: String, among ids: [PaperID]) async throws -> Set<PaperID>
    /// Loads caches a server wants ready before its first request.
    func warmUp() async throws
    /// A server-wide value, stored by the first caller (`make`) and the same for all after.
    func setting(_ key: String, orInsert make: @Sendable () -> String) async throws -> String
}
