import Foundation
import PaperboyCore
import PaperboyMemoryStore
import PaperboyPostgres
import PaperboySQLite
import PaperboyTestSupport
import Testing

/// Every store protocol at once: what the conformance suite asks of each store.
typealias ConformingStore = PaperStore & FetchStateStore & VoteStore & EmbeddingStore & SimilarListStore & SettingStore
    & SubscriptionStore & OutboxStore & JobProblemStore & PaperChangeStore & AccountStore & LibraryStore
    & SessionStore & JobLeaseStore

/// The stores the conformance suite runs against. Each test gets a fresh, empty store.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, memory, postgres

    var testDescription: String { rawValue }

    /// The kinds to run: PostgreSQL when a server is given (`PAPERBOY_TEST_POSTGRES_URL`,
    /// which `.ci/run` sets) or required. `PostgresAvailabilityTests` reports it skipped
    /// otherwise, so its absence shows.
    static var allCases: [StoreKind] { TestTools.postgres ? [.sqlite, .memory, .postgres] : [.sqlite, .memory] }

    /// A store whose clock (what it stamps, and "today" for trending) is `now`. A PostgreSQL
    /// store gets a schema of its own in the test database.
    func makeStore(in dir: TemporaryDirectory, now: @escaping @Sendable () -> Date = { Date() }) async throws -> any ConformingStore {
        switch self {
        case .sqlite: try SQLitePaperStore(path: dir.path("papers.sqlite"), now: now)
        case .memory: InMemoryPaperStore(now: now)
        case .postgres: try await PostgresPaperStore(location: try TestPostgres.freshSchema(), now: now)
        }
    }
}

/// Runs `body` with a fresh store of `kind`, removed afterwards.
func withStore(_ kind: StoreKind, now: @escaping @Sendable () -> Date = { Date() },
               _ body: (any ConformingStore) async throws -> Void) async throws {
    let dir = try TemporaryDirectory()
    try await body(try await kind.makeStore(in: dir, now: now))
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

extension TestPostgres {
    /// A location with a schema no other test uses.
    static func freshSchema() throws -> PostgresLocation {
        try PostgresLocation(url: try freshSchemaURL())
    }
}

/// Reports the PostgreSQL store's conformance as skipped when no server is given, rather than
/// leaving it out silently (`StoreKind.allCases`).
@Suite struct PostgresAvailabilityTests {
    @Test(.enabled(if: TestTools.postgres, "needs PAPERBOY_TEST_POSTGRES_URL (scripts/postgres-test-cluster.sh)"))
    func theConformanceSuiteRunsOnPostgreSQL() async throws {
        #expect(StoreKind.allCases.contains(.postgres))
        let store = try await PostgresPaperStore(location: try TestPostgres.freshSchema())
        #expect(try await store.count() == 0)
        #expect(try await store.storeIdentity().count == 32)
    }
}
