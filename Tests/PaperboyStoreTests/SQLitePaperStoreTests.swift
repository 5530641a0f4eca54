import Foundation
import GRDB
import PaperboyCore
@testable import PaperboySQLite
import PaperboyTestSupport
import Testing

@Suite struct SQLitePaperStoreTests {
    func withSQLiteStore(_ body: (SQLitePaperStore) async throws -> Void) async throws {
        let dir = try TemporaryDirectory()
        try await body(try SQLitePaperStore(path: dir.path("papers.sqlite")))
    }

    /// Both rank functions over the same query, by rowid.
    func scores(_ store: SQLitePaperStore, _ match: String) async throws -> [(Int64, Double, Double)] {
        try await store.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT rowid, \(SQLitePaperStore.Ranking.inMemoryLengths.expression), \(SQLitePaperStore.Ranking.fts5.expression)
                FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid
                """, arguments: [match]).map { ($0[0], $0[1], $0[2]) }
        }
    }

    @Test func inMemoryBM25GivesFTS5sScores() async throws {
        try await withSQLiteStore { store async throws in
            _ = try await store.upsert(try samplePapers())
            for text in ["learning", "video generation", "\"language model\"", "abs:model -video", "model OR agent", "vis*", "cat:cs.CV image"] {
                let match = try #require(FTS5Query.expression(for: SearchQuery.parse(text)))
                let rows = try await scores(store, match)
                #expect(!rows.isEmpty, "no matches for \(text)")
                for (rowid, ours, fts5) in rows {
                    #expect(abs(ours - fts5) < 1e-9, "rowid \(rowid) for \(text): \(ours) vs \(fts5)")
                }
            }
            // After a write the cached lengths are reloaded: scores still agree, new rows included.
            _ = try await store.upsert([paper("2401.00001", "Learning to learn, learning again", abstract: "Short.")])
            // Searches through the store agree too.
            let ours = try await search(store, "learning", limit: 100)
            let builtin = try await SQLitePaperStore(path: store.path, ranking: .fts5).search(
                SearchRequest(query: SearchQuery.parse("learning"), limit: 100))
            #expect(ours.total == builtin.total)
            #expect(zip(ours.hits, builtin.hits).allSatisfy { abs($0.score - $1.score) < 1e-9 })
            var updated = try samplePapers()[0]
            updated.title = "Learning " + updated.title
            updated.version = (updated.version ?? 1) + 1
            _ = try await store.upsert([updated])
            let rows = try await scores(store, "\"learning\"")
            #expect(rows.count >= 2)
            for (rowid, ours, fts5) in rows { #expect(abs(ours - fts5) < 1e-9, "rowid \(rowid)") }
        }
    }

    @Test func usesWALAndStaysConsistent() async throws {
        try await withSQLiteStore { store async throws in
            _ = try await store.upsert(try samplePapers())
            let mode = try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
            let foreignKeys = try await store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
            #expect(foreignKeys == 1)
            #expect(try await store.checkIntegrity() == [])
        }
    }

    @Test func reopeningKeepsDataAndSchemaVersion() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("papers.sqlite")
        do {
            let store = try SQLitePaperStore(path: path)
            _ = try await store.upsert(try samplePapers())
        }
        let reopened = try SQLitePaperStore(path: path)
        #expect(try await reopened.count() == 41)
        let migrations = try await reopened.pool.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations == ["v1-papers", "v2-votes-settings-vocabulary", "v3-similar-lists", "v4-subscriptions-outbox", "v5-fetch-state", "v6-embeddings", "v7-confirm-rounds-job-problems"])
    }
}
