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

    /// Reads by id pad each chunk to a power of two with its last id (so few statements are
    /// compiled): every size, across chunks, still gives each paper once, in the order asked.
    @Test func readsByIDGiveEachPaperOnceWhateverTheCount() async throws {
        try await withSQLiteStore { store async throws in
            let papers = (1...1_100).map { Paper(id: PaperID.parse(String(format: "2401.%05d", $0))!.id, title: "Paper \($0)") }
            _ = try await store.upsert(papers)
            let unknown = PaperID.parse("2401.99999")!.id
            for count in [1, 2, 3, 5, 17, 20, 30, 33, 499, 500, 501, 1_000, 1_100] {
                let ids = Array(papers.prefix(count).map(\.id).reversed())
                #expect(try await store.papers(ids: ids).map(\.id) == ids, "\(count)")
                #expect(try await store.papers(ids: ids + [unknown]).map(\.id) == ids, "\(count) and an unknown id")
            }
        }
    }

    /// Pages of papers are read straight from SQLite's statement (`PaperRecord(statement:)`),
    /// not through GRDB's rows: every column of papers written with hostile text (controls,
    /// combining marks, emoji, separators), empty strings and absent values comes back as
    /// written, by id and through similar-paper lists alike, and as GRDB's rows read it.
    /// (Text with a NUL is cut there when GRDB writes it; imports drop NULs before.)
    @Test func papersReadStraightFromSQLiteComeBackAsWritten() async throws {
        try await withSQLiteStore { store async throws in
            var text = HostileText(seed: HostileText.seed)
            func maybe() -> String? {
                switch text.next() % 4 {
                case 0: nil
                case 1: ""
                default: text.text(maxPieces: 12)
                }
            }
            func day() -> Day? { text.next() % 3 == 0 ? nil : Day(year: 2000 + Int(text.next() % 26), month: 1 + Int(text.next() % 12), day: 1 + Int(text.next() % 28)) }
            func number() -> Int? { text.next() % 3 == 0 ? nil : Int(text.next() % 100_000) }
            let papers = (1...300).map { n in
                Paper(id: PaperID.parse(String(format: "2402.%05d", n))!.id, title: text.text(), abstract: maybe(),
                      authors: (0..<Int(text.next() % 4)).map { _ in text.text(maxPieces: 4) }, categories: Array(["cs.LG", "hep-th"].prefix(Int(text.next() % 3))),
                      published: day(), updated: day(), version: number(), doi: maybe(), journalRef: maybe(), comments: maybe(),
                      codeRepository: maybe(), codeFoundInText: text.next() % 2 == 0, codeStars: number(), projectPage: maybe(),
                      aiSummary: maybe(), aiKeywords: (0..<Int(text.next() % 3)).map { _ in text.text(maxPieces: 3) },
                      discussionComments: number(), thumbnail: maybe(), submittedBy: maybe(), upvotes: number(), listed: day(),
                      sources: Array(["arxiv", text.text(maxPieces: 2)].prefix(Int(text.next() % 3))))
            }
            _ = try await store.upsert(papers)
            // Readers' votes on a few (the one column imports leave alone).
            for (number, paper) in papers.prefix(10).enumerated() {
                for voter in 0...number { _ = try await store.vote(for: paper.id, voter: "reader-\(voter)", network: "net-\(voter)", at: Date(), networkLimit: 100) }
            }
            let written = Dictionary(uniqueKeysWithValues: papers.enumerated().map { number, paper in
                var paper = paper
                paper.localVotes = number < 10 ? number + 1 : 0
                return (paper.id, paper)
            })
            let stored = try await store.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT \(PaperRecord.selection) FROM papers").map { try PaperRecord.paper($0) }
            }
            let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0) })
            let withoutNUL = stored.filter { paper in !String(reflecting: written[paper.id]).contains("\\0") }
            #expect(withoutNUL.count > 150 && withoutNUL.allSatisfy { $0 == written[$0.id] }, "GRDB's rows give back what was written")
            let ids = papers.map(\.id).shuffled(using: &text)
            let read = try await store.papers(ids: ids)
            #expect(read.map(\.id) == ids)
            for paper in read { #expect(paper == byID[paper.id], "\(paper.id)") }
            // Similar-paper lists read their papers the same way (computed, then kept).
            var listed = 0
            for paper in papers.prefix(20) {
                let hits = try #require(try await store.similar(to: paper.id, limit: 10))
                for hit in hits { #expect(hit.paper == byID[hit.paper.id], "\(hit.paper.id) similar to \(paper.id)") }
                listed += hits.count
            }
            #expect(listed > 20)
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
        #expect(migrations == ["v1-papers", "v2-votes-settings-vocabulary", "v3-similar-lists", "v4-subscriptions-outbox", "v5-fetch-state", "v6-embeddings", "v7-confirm-rounds-job-problems", "v8-code-repository", "v9-digest-papers-per-mail", "v10-trending-ties-by-id", "v11-paper-details", "v12-digest-only-with-code", "v13-paper-changes", "v14-accounts-and-libraries", "v15-sessions", "v16-sign-in-mail", "v17-job-leases"])
    }

    /// A database written before v9 (one digest row per reader and paper) keeps what each
    /// reader received, and a trending tie written before v10 now goes to the higher id.
    @Test func upgradingFromV8KeepsReceivedPapersAndOrdersTiesById() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("papers.sqlite")
        do {
            let pool = try DatabasePool(path: path)
            try SQLitePaperStore.migrator.migrate(pool, upTo: "v8-code-repository")
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO subscriptions (id, email, topics, frequency, hour, time_zone, status, created_at)
                    VALUES (1, 'reader@example.org', '["trending"]', 'daily', 7, 'UTC', 'active', 0);
                    INSERT INTO outbox (id, subscription_id, kind, period, message_id, recipient, message, next_attempt_at, created_at, status)
                    VALUES (1, 1, 'digest', '2026-03-01', '<a@x>', 'reader@example.org', x'00', 0, 0, 'sent'),
                           (2, 1, 'digest', '2026-03-02', '<b@x>', 'reader@example.org', x'00', 0, 0, 'failed');
                    INSERT INTO digest_papers (subscription_id, paper_id, outbox_id) VALUES (1, '2603.00001', 1), (1, '2603.00002', 2);
                    """)
            }
        }
        let store = try SQLitePaperStore(path: path, now: { Date(timeIntervalSince1970: 1_772_900_000) })
        #expect(try await store.sentPapers(to: 1) == [PaperID.parse("2603.00001")!.id])
        _ = try await store.upsert([paper("2603.00002", "Second", published: "2026-03-05"),
                                    paper("2603.00001", "First", published: "2026-03-05")])
        let day = try await store.trending(TrendingRequest(window: .day, date: Day("2026-03-05")))
        #expect(ids(SearchResults(total: day.total, hits: day.hits)) == ["2603.00002", "2603.00001"])
    }
}
