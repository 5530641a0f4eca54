import Foundation
import PaperboyCore

/// Every store protocol on plain values held by one actor: a store for tests and demos
/// that needs no database file, and the reference the SQLite store is checked against
/// (both pass the same conformance suite).
///
/// It behaves as `SQLitePaperStore` does wherever the protocols say what a store does, and
/// follows SQLite in the corners they leave open, so that switching stores changes nothing
/// a caller sees. Full-text search goes through `TextIndex`, which tokenizes, matches and
/// scores exactly as the SQLite store's FTS5 index does. One corner differs: a listing by
/// date (filters only) breaks ties between papers of the same day by id here, by the order
/// papers were written in SQLite (its date index's row key); the two agree whenever papers
/// were written in id order.
/// Each aggregate's methods are in their own extension.
public actor InMemoryPaperStore: PaperStore, FetchStateStore, VoteStore, EmbeddingStore, SimilarListStore, SettingStore,
    SubscriptionStore, OutboxStore, JobProblemStore, PaperChangeStore, AccountStore, LibraryStore,
    SessionStore {
    /// The clock of what the store stamps and what "today" is for trending.
    let now: @Sendable () -> Date

    // Papers and their index.
    var papers: [PaperID: Paper] = [:]
    var textIndex = TextIndex()
    /// The change sequence (`PaperChangeStore`): the paper of each change, oldest first.
    var changes: [PaperID] = []
    let identity = UUID().uuidString
    // Per-paper aggregates, keyed by paper.
    var votes: [PaperID: [String: StoredVote]] = [:]
    var embeddings: [PaperID: (model: String, vector: [Float])] = [:]
    var similarLists: [PaperID: StoredSimilarList] = [:]
    // Server-wide values.
    var fetchProgress: [String: (value: String, savedAt: Date)] = [:]
    var settings: [String: String] = [:]
    // Readers, mail and the record of what each reader received.
    var subscriptions: [Int64: Subscription] = [:]
    var outbox: [Int64: StoredMail] = [:]
    /// Per subscription, each paper sent and the mails that sent it.
    var digestPapers: [Int64: [PaperID: [Int64]]] = [:]
    var problems: [JobProblem.Job: [String: JobProblem]] = [:]
    // Accounts and what is theirs.
    var accounts: [Int64: Account] = [:]
    /// Ids are never reused (as SQLite's AUTOINCREMENT).
    var lastAccountID: Int64 = 0
    /// Per account, per collection, each paper and when it was saved.
    var libraries: [Int64: [String: [PaperID: Date]]] = [:]
    var ratingsByAccount: [Int64: [PaperID: Rating]] = [:]
    var sessions: [String: (account: Int64, expires: Date)] = [:]
    var spentNonces: [String: Date] = [:]
    var leases: [String: (holder: String, expires: Date)] = [:]

    public init(now: @escaping @Sendable () -> Date = Date.init) {
        self.now = now
    }

    public func paper(id: PaperID) -> Paper? { papers[id] }

    public func papers(ids: [PaperID]) -> [Paper] { ids.compactMap { papers[$0] } }

    public func papers(after: PaperID?, limit: Int) -> [Paper] {
        let following = papers.values.filter { after == nil || $0.id > after! }.sorted { $0.id < $1.id }
        // SQLite reads a negative LIMIT as no limit.
        return limit < 0 ? following : Array(following.prefix(limit))
    }

    public func count() -> Int { papers.count }

    public func stats() -> StoreStats {
        let all = Array(papers.values)
        var categoryCounts: [String: Int] = [:]
        for paper in all {
            for category in paper.categories { categoryCounts[category, default: 0] += 1 }
        }
        let top = categoryCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10)
        let published = all.compactMap(\.published)
        return StoreStats(
            papers: all.count, withAbstract: all.filter { $0.abstract != nil }.count,
            withUpvotes: all.filter { $0.upvotes != nil }.count,
            earliestPublished: published.min()?.description, latestPublished: published.max()?.description,
            topCategories: top.map { StoreStats.CategoryCount(category: $0.key, papers: $0.value) },
            databaseBytes: InMemoryPaperStore.textBytes(all)
        )
    }

    /// The store's size, for `StoreStats.databaseBytes`: the UTF-8 bytes of the papers' text,
    /// which is what a database file mostly holds (this store has no file to measure).
    static func textBytes(_ papers: [Paper]) -> Int64 {
        papers.reduce(Int64(0)) { sum, paper in
            let texts = [paper.id.rawValue, paper.title, paper.abstract ?? "", paper.doi ?? "", paper.journalRef ?? "",
                         paper.comments ?? "", paper.codeRepository ?? "", paper.projectPage ?? "", paper.aiSummary ?? "",
                         paper.thumbnail ?? "", paper.submittedBy ?? ""] + paper.authors + paper.categories + paper.sources + paper.aiKeywords
            return sum + Int64(texts.reduce(0) { $0 + $1.utf8.count })
        }
    }

    /// Nothing to load: every value is in memory already.
    public func warmUp() {}
}
