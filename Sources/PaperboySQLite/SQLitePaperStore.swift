import Foundation
import GRDB
import Logging
import PaperboyCore

/// The embedded store: one SQLite file in WAL mode with an FTS5 index. Inserted papers are
/// indexed in one statement per transaction (`indexInserted`); updates and deletes by
/// triggers. It implements every store protocol; its extensions are one per aggregate.
public final class SQLitePaperStore: PaperStore, FetchStateStore, VoteStore, EmbeddingStore, SimilarListStore, SettingStore,
    SubscriptionStore, OutboxStore, JobProblemStore, PaperChangeStore {
    /// How search results are scored. Both give the same scores; `.fts5` exists so that
    /// benchmarks can measure the in-memory version against SQLite's own.
    public enum Ranking: String, Sendable {
        /// `paperboy_bm25`: bm25 with document lengths held in memory (the default).
        case inMemoryLengths
        /// FTS5's built-in `bm25()`.
        case fts5

        /// Title above abstract above authors; categories filter but never score.
        static let columnWeights = "10.0, 3.0, 2.0, 0.0"

        var expression: String {
            switch self {
            case .inMemoryLengths: "\(BM25Ranker.functionName)(papers_fts, \(Ranking.columnWeights))"
            case .fts5: "bm25(papers_fts, \(Ranking.columnWeights))"
            }
        }
    }

    public let path: String
    public let ranking: Ranking
    let pool: DatabasePool
    let termStatistics = TermStatistics()
    /// The clock of what the store stamps and what "today" is for trending.
    let now: @Sendable () -> Date

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    public init(path: String, ranking: Ranking = .inMemoryLengths, now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "paperboy.sqlite")) throws {
        self.path = path
        self.now = now
        self.ranking = ranking
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL + NORMAL: a crash can lose at most the last commits, never consistency.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer imports in large transactions and gets 64 MiB of pages. Readers get
            // 2 MiB each: the system already caches the file, and each of a pool's connections
            // keeps a cache of its own. At 64 MiB each, a server under load grew by 100-150 MB
            // that no trim could take back; at 8 MiB, by 30 MiB more than at 2, for the same
            // throughput (BENCHMARKS.md).
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -2048" : "PRAGMA cache_size = -65536")
            PaperFTSFunctions.register(in: db)
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try SQLitePaperStore.migrator.migrate(pool)
        logger.debug("opened database", metadata: ["path": "\(path)"])
    }

    public func upsert(_ papers: [Paper]) async throws -> UpsertCounts {
        try await pool.write { db in try SQLitePaperStore.upsert(papers, in: db) }
    }

    public func upsert(_ papers: [Paper], saving state: (key: String, value: String)) async throws -> UpsertCounts {
        try await pool.write { db in
            let counts = try SQLitePaperStore.upsert(papers, in: db)
            try db.execute(sql: """
                INSERT INTO fetch_state (source, state, saved_at) VALUES (?, ?, ?)
                ON CONFLICT (source) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at
                """, arguments: [state.key, state.value, self.now().timeIntervalSince1970])
            return counts
        }
    }

    public func fetchState(_ key: String) async throws -> String? {
        try await pool.read { db in try String.fetchOne(db, sql: "SELECT state FROM fetch_state WHERE source = ?", arguments: [key]) }
    }

    public func fetchStates() async throws -> [(key: String, value: String, savedAt: Date)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT source, state, saved_at FROM fetch_state ORDER BY source").map {
                ($0[0], $0[1], Date(timeIntervalSince1970: $0[2]))
            }
        }
    }

    /// Merges `papers` with what is stored, writing only rows that change.
    static func upsert(_ papers: [Paper], in db: Database) throws -> UpsertCounts {
        // Merge duplicates within the batch first, keeping first-seen order.
        let batch = papers.mergedByID()
        let order = batch.map(\.id)
        let existing = try fetchByID(order, in: db)
        var counts = UpsertCounts()
        var insertedRowIDs: ClosedRange<Int64>?
        var researched: [PaperID] = []
        for paper in batch {
            let id = paper.id
            if let (pk, stored) = existing[id] {
                let merged = stored.merged(with: paper)
                if merged == stored {
                    counts.unchanged += 1
                } else {
                    try PaperRecord(merged, pk: pk).update(db, columns: PaperRecord.writtenColumns.dropFirst())
                    if merged.searchedDifferently(from: stored) { researched.append(id) }
                    counts.updated += 1
                }
            } else {
                try PaperRecord(paper).insert(db)
                let rowID = db.lastInsertedRowID
                insertedRowIDs = insertedRowIDs.map { min($0.lowerBound, rowID)...max($0.upperBound, rowID) } ?? rowID...rowID
                counts.inserted += 1
            }
        }
        if let insertedRowIDs { try indexInserted(insertedRowIDs, in: db) }
        try recordChanges(inserted: insertedRowIDs, updated: researched, in: db)
        return counts
    }

    /// Appends this transaction's new papers (one statement over their rowids) and papers
    /// searched differently now to the change sequence (`PaperChangeStore`).
    static func recordChanges(inserted rowIDs: ClosedRange<Int64>?, updated: [PaperID], in db: Database) throws {
        if let rowIDs {
            try db.execute(sql: """
                INSERT INTO paper_changes (paper_id) SELECT id FROM papers WHERE pk BETWEEN ? AND ? ORDER BY pk
                """, arguments: [rowIDs.lowerBound, rowIDs.upperBound])
        }
        let statement = try db.cachedStatement(sql: "INSERT INTO paper_changes (paper_id) VALUES (?)")
        for id in updated { try statement.execute(arguments: [id.rawValue]) }
    }

    /// Adds rows inserted in this transaction to the full-text index in one statement.
    /// SQLite gives each new row a rowid above every existing one, so the range of this
    /// transaction's rowids holds only its own rows.
    static func indexInserted(_ rowIDs: ClosedRange<Int64>, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO papers_fts(rowid, title, abstract, authors, categories)
            SELECT pk, title, abstract, authors, categories FROM papers WHERE pk BETWEEN ? AND ?
            """, arguments: [rowIDs.lowerBound, rowIDs.upperBound])
    }

    /// The stored rows of these papers, by id, with their row keys.
    private static func fetchByID(_ ids: [PaperID], in db: Database) throws -> [PaperID: (pk: Int64, paper: Paper)] {
        var found: [PaperID: (pk: Int64, paper: Paper)] = [:]
        found.reserveCapacity(ids.count)
        try db.forEachStatementRow(in: ids.map(\.rawValue), { "SELECT \(PaperRecord.selection) FROM papers WHERE id IN (\($0))" }) { statement in
            let record = PaperRecord(statement: statement)
            let paper = try record.paper()
            found[paper.id] = (record.pk ?? 0, paper)
        }
        return found
    }

    public func paper(id: PaperID) async throws -> Paper? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(PaperRecord.selection) FROM papers WHERE id = ?", arguments: [id.rawValue])
                .map { try PaperRecord.paper($0) }
        }
    }

    public func papers(ids: [PaperID]) async throws -> [Paper] {
        guard !ids.isEmpty else { return [] }
        return try await pool.read { db in
            let found = try SQLitePaperStore.fetchByID(ids, in: db)
            return ids.compactMap { found[$0]?.paper }
        }
    }

    public func count() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM papers") ?? 0 }
    }

    public func papers(after: PaperID?, limit: Int) async throws -> [Paper] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(PaperRecord.selection) FROM papers WHERE id > ? ORDER BY id LIMIT ?",
                             arguments: [after?.rawValue ?? "", limit])
                .map { try PaperRecord.paper($0) }
        }
    }

    public func stats() async throws -> StoreStats {
        let path = self.path
        return try await pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT count(*), count(abstract), count(upvotes), min(published), max(published) FROM papers
                """)!
            var categoryCounts: [String: Int] = [:]
            let categories = try String.fetchCursor(db, sql: "SELECT categories FROM papers")
            while let line = try categories.next() {
                for category in line.split(separator: " ") { categoryCounts[String(category), default: 0] += 1 }
            }
            let top = categoryCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10)
            let bytes = ["", "-wal", "-shm"].reduce(Int64(0)) { sum, suffix in
                let size = (try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? NSNumber)?.int64Value
                return sum + (size ?? 0)
            }
            return StoreStats(
                papers: row[0], withAbstract: row[1], withUpvotes: row[2],
                earliestPublished: row[3], latestPublished: row[4],
                topCategories: top.map { StoreStats.CategoryCount(category: $0.key, papers: $0.value) },
                databaseBytes: bytes
            )
        }
    }

    /// Checks the database file and that the full-text index matches the papers table.
    public func checkIntegrity() async throws -> [String] {
        // FTS5's integrity check is written as an INSERT, so it needs the writer.
        try await pool.writeWithoutTransaction { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            do {
                try db.execute(sql: "INSERT INTO papers_fts(papers_fts, rank) VALUES('integrity-check', 1)")
            } catch {
                problems.append("full-text index: \(error)")
            }
            return problems
        }
    }
}
