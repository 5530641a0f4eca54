import Foundation
import PaperboyCore
import PaperboyMemoryStore
import PaperboySQLite
import PaperboyTestSupport
import Testing

/// Every store protocol at once: what the conformance suite asks of each store.
typealias ConformingStore = PaperStore & FetchStateStore & VoteStore & EmbeddingStore & SimilarListStore & SettingStore
    & SubscriptionStore & OutboxStore & JobProblemStore & PaperChangeStore & AccountStore & LibraryStore
    & SessionStore

/// The stores the conformance suite runs against. Each test gets a fresh, empty store.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, memory

    var testDescription: String { rawValue }

    /// A store whose clock (what it stamps, and "today" for trending) is `now`.
    func makeStore(in dir: TemporaryDirectory, now: @escaping @Sendable () -> Date = { Date() }) throws -> any ConformingStore {
        switch self {
        case .sqlite: try SQLitePaperStore(path: dir.path("papers.sqlite"), now: now)
        case .memory: InMemoryPaperStore(now: now)
        }
    }
}

/// Runs `body` with a fresh store of `kind`, removed afterwards.
func withStore(_ kind: StoreKind, now: @escaping @Sendable () -> Date = { Date() },
               _ body: (any ConformingStore) async throws -> Void) async throws {
    let dir = try TemporaryDirectory()
    try await body(try kind.makeStore(in: dir, now: now))
}

func paper(_ id: String, _ title: String, abstract: String? = nil, authors: [String] = [], categories: [String] = [],
           published: String? = nil, version: Int? = nil, upvotes: Int? = nil, sources: [String] = ["test"]) -> Paper {
    Paper(id: PaperID.parse(id)!.id, title: title, abstract: abstract, authors: authors, categories: categories,
          published: published.flatMap { Day($0) }, version: version, upvotes: upvotes, sources: sources)
}

func search(_ store: any PaperStore, _ text: String, since: String? = nil, until: String? = nil,
            limit: Int = 20, offset: Int = 0) async throws -> SearchResults {
    try await store.search(SearchRequest(query: SearchQuery.parse(text), since: since.flatMap { Day($0) },
                                         until: until.flatMap { Day($0) }, limit: limit, offset: offset))
}

func ids(_ results: SearchResults) -> [String] { results.hits.map(\.paper.id.rawValue) }

func samplePapers() throws -> [Paper] {
    var (reader, _) = try RecordReaders.open(path: TestFixtures.core("papers-sample.jsonl"), format: .jsonl)
    var papers: [Paper] = []
    while let record = try reader.next() { if case .paper(let p, _) = record { papers.append(p) } }
    return papers
}
