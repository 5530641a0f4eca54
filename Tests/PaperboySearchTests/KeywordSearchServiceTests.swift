import Foundation
import GRDB
import PaperboyCore
import PaperboyMemoryStore
import PaperboySQLite
import PaperboySearch
import PaperboyTestSupport
import Testing

/// The index a process keeps beside a real SQLite store: built, caught up from the change
/// sequence, saved and loaded, and rebuilt when its snapshot cannot be trusted; every answer
/// compared with the store's own search (FTS5), which scores alike.
@Suite struct KeywordSearchServiceTests {
    static let queries = ["learning", "neural networks", "graph OR quantum", "model -learning", "ti:learning data",
                          "learning cat:cs.CV", "zebra", "zebra crossing", "au:smith"]

    /// The service's page and total for each query equal the store's.
    static func expectSameAsStore(_ service: KeywordSearchService, _ store: any PaperStore, limit: Int = 20,
                                  sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let words = try await store.papers(after: nil, limit: 15).flatMap { $0.title.split(separator: " ").prefix(2).map(String.init) }
        for text in queries + words {
            for request in [SearchRequest(query: SearchQuery.parse(text), limit: limit),
                            SearchRequest(query: SearchQuery.parse(text), since: Day("2024-06-01"), limit: limit, offset: 3)] {
                let want = try await store.search(request)
                guard let got = service.search(request, withTotal: true) else {
                    // Declined (a word that tokenizes to a phrase): the store answers.
                    continue
                }
                #expect(got.total == want.total, "\(text): total", sourceLocation: sourceLocation)
                let gotScores = got.hits.map { ($0.score * 1e9).rounded() }, wantScores = want.hits.map { ($0.score * 1e9).rounded() }
                #expect(gotScores == wantScores, "\(text): scores", sourceLocation: sourceLocation)
            }
        }
    }

    static func store(_ directory: TemporaryDirectory, _ papers: [Paper]) async throws -> SQLitePaperStore {
        let store = try SQLitePaperStore(path: directory.path("papers.sqlite"))
        _ = try await store.upsert(papers)
        return store
    }

    @Test func catchesUpWithNewChangedAndUnchangedPapers() async throws {
        let directory = try TemporaryDirectory()
        let (papers, _) = try KeywordIndexTests.corpus(count: 800)
        let store = try await Self.store(directory, Array(papers.prefix(600)))
        let service = KeywordSearchService(store: store, snapshotPath: directory.path("papers.sqlite.keyword-index"))
        #expect(service.search(SearchRequest(query: SearchQuery.parse("learning")), withTotal: true) == nil, "not ready: the store answers")
        try await service.open()
        #expect(service.status.origin == "built" && service.status.papers == 600)
        try await Self.expectSameAsStore(service, store)

        // New papers, new versions of some (other words), and writes that change nothing searched.
        _ = try await store.upsert(Array(papers.suffix(200)))
        var changed = papers.prefix(100).enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
        for i in changed.indices {
            changed[i].title = "zebra crossing \(i)"
            changed[i].abstract = "Zebras cross roads."
            changed[i].version = (changed[i].version ?? 1) + 1  // a newer version's text wins
        }
        _ = try await store.upsert(changed)
        let latest = try await store.latestPaperChange()
        var votesOnly = papers[1]
        votesOnly.upvotes = 99
        _ = try await store.upsert([votesOnly])
        #expect(try await store.latestPaperChange() == latest, "an upvote is not a change of what is searched")
        #expect(service.status.lag == 0, "lag is measured at catch-up")
        #expect(try await service.catchUp() == 225)
        #expect(service.status.papers == 800 && service.status.lag == 0 && service.status.sequence == latest)
        try await Self.expectSameAsStore(service, store)
        let zebras = try #require(service.search(SearchRequest(query: SearchQuery.parse("zebra"), limit: 100), withTotal: true))
        #expect(zebras.total == 25 && zebras.hits.count == 25)
    }

    @Test func aSnapshotLoadsAndCatchesUpToTheSameResultsAsAFreshBuild() async throws {
        let directory = try TemporaryDirectory()
        let (papers, _) = try KeywordIndexTests.corpus(count: 700)
        let store = try await Self.store(directory, Array(papers.prefix(500)))
        let path = directory.path("papers.sqlite.keyword-index")
        let first = KeywordSearchService(store: store, snapshotPath: path)
        try await first.open()
        #expect(FileManager.default.fileExists(atPath: path), "a build saves")
        // The first process stops without saving again (a kill -9); more papers arrive.
        _ = try await store.upsert(Array(papers.suffix(200)))
        let second = KeywordSearchService(store: store, snapshotPath: path)
        try await second.open()
        #expect(second.status.origin == "snapshot" && second.status.papers == 700 && second.status.lag == 0)
        try await Self.expectSameAsStore(second, store)
        let fresh = KeywordSearchService(store: store, snapshotPath: nil)
        try await fresh.rebuild()
        for text in Self.queries {
            let request = SearchRequest(query: SearchQuery.parse(text), limit: 50)
            #expect(second.search(request, withTotal: true)?.hits == fresh.search(request, withTotal: true)?.hits, "\(text)")
        }
    }

    @Test(arguments: ["another database", "truncated", "damaged", "ahead of the store", "not a snapshot"])
    func anUntrustworthySnapshotIsRebuilt(_ problem: String) async throws {
        let directory = try TemporaryDirectory()
        let (papers, _) = try KeywordIndexTests.corpus(count: 300)
        let store = try await Self.store(directory, papers)
        let path = directory.path("papers.sqlite.keyword-index")
        switch problem {
        case "another database":
            let otherDirectory = try TemporaryDirectory()
            let other = try await Self.store(otherDirectory, papers)
            try await KeywordSearchService(store: other, snapshotPath: path).open()
        case "ahead of the store":
            // A backup restored: the same database, fewer changes than the snapshot covers.
            let backupPath = directory.path("backup.sqlite")
            let backup = try SQLitePaperStore(path: backupPath)
            _ = try await backup.upsert(Array(papers.prefix(100)))
            let identity = try await store.storeIdentity()
            try await DatabaseQueue(path: backupPath).write { db in
                try db.execute(sql: "UPDATE settings SET value = ? WHERE key = 'store-identity'", arguments: [identity])
            }
            try await KeywordSearchService(store: store, snapshotPath: path).open()
            let service = KeywordSearchService(store: backup, snapshotPath: path)
            try await service.open()
            #expect(service.status.origin == "built" && service.status.papers == 100)
            try await Self.expectSameAsStore(service, backup)
            return
        default:
            try await KeywordSearchService(store: store, snapshotPath: path).open()
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            switch problem {
            case "truncated": bytes.removeLast(bytes.count / 3)
            case "damaged": bytes[bytes.count / 2] ^= 0x55
            default: bytes = Array("not an index at all, just some text".utf8)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let service = KeywordSearchService(store: store, snapshotPath: path)
        try await service.open()
        #expect(service.status.origin == "built" && service.status.papers == 300, "\(problem)")
        try await Self.expectSameAsStore(service, store)
        // And the rebuilt snapshot is good again.
        let again = KeywordSearchService(store: store, snapshotPath: path)
        try await again.open()
        #expect(again.status.origin == "snapshot")
    }

    @Test func theInMemoryStoreKeepsTheSameSequence() async throws {
        let store = InMemoryPaperStore()
        let (papers, _) = try KeywordIndexTests.corpus(count: 300)
        _ = try await store.upsert(Array(papers.prefix(200)))
        let service = KeywordSearchService(store: store, snapshotPath: nil)
        try await service.open()
        _ = try await store.upsert(Array(papers.suffix(100)))
        #expect(try await service.catchUp() == 100)
        try await Self.expectSameAsStore(service, store)
    }
}
