import Foundation
import Logging
import PaperboyCore
import PostgresNIO
import Synchronization

/// The scale-out store: every store protocol on one PostgreSQL database, which any number of
/// Paperboy servers share. Its extensions are one per aggregate, as the SQLite store's are.
///
/// What several servers need of it, beyond what SQLite's single writer gives for free:
/// - writes of papers take one advisory lock per transaction, so the change sequence is
///   numbered in commit order and a search index catching up never skips a change;
/// - mail is claimed with `FOR UPDATE SKIP LOCKED` and a lease;
/// - every "create once" (a digest, a vote, an account, a spent sign-in nonce) is a unique key
///   and an insert that does nothing on conflict.
public final class PostgresPaperStore: PaperStore, FetchStateStore, VoteStore, EmbeddingStore, SimilarListStore, SettingStore,
    SubscriptionStore, OutboxStore, JobProblemStore, PaperChangeStore, AccountStore, LibraryStore, SessionStore, JobLeaseStore,
    Sendable {
    public let location: PostgresLocation
    let client: PostgresClient
    private let running: Task<Void, Never>
    let logger: Logger
    /// The clock of what the store stamps and what "today" is for trending.
    let now: @Sendable () -> Date
    /// Term document frequencies for similar papers, reloaded when the corpus has changed.
    let termStatistics = Mutex<PostgresTermStatistics?>(nil)
    let statisticsLoad = Mutex<Task<PostgresTermStatistics, any Error>?>(nil)

    /// Connects to the database at `location` and migrates it to the current schema (one
    /// process at a time, under an advisory lock).
    public init(location: PostgresLocation, now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "paperboy.postgres")) async throws {
        self.location = location
        self.now = now
        self.logger = logger
        do {
            try await location.probe(logger: logger)
        } catch {
            throw PostgresStoreError(error)
        }
        let client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: StartupNoiseFilter.filtering(logger))
        self.client = client
        running = Task { await client.run() }
        do {
            if let schema = location.schema {
                try await client.withConnection { connection in
                    try await connection.run("CREATE SCHEMA IF NOT EXISTS \(unescaped: PostgresLocation.quotedIdentifier(schema))", logger)
                }
            }
            try await PostgresSchema.migrate(client, logger: logger)
        } catch {
            running.cancel()
            throw PostgresStoreError(error)
        }
        logger.debug("opened database", metadata: ["database": "\(location)"])
    }

    /// Stops the connection pool. A store is also stopped when it is released.
    public func close() {
        running.cancel()
    }

    deinit { running.cancel() }

    // MARK: Running statements

    /// Runs `body` on a pooled connection.
    func read<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw PostgresStoreError(error)
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws
    /// (the error it threw is the one rethrown).
    func transaction<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        let logger = self.logger
        do {
            return try await client.withConnection { connection in
                try await connection.run("BEGIN", logger)
                do {
                    let result = try await body(connection)
                    try await connection.run("COMMIT", logger)
                    return result
                } catch {
                    try? await connection.run("ROLLBACK", logger)
                    throw error
                }
            }
        } catch {
            throw PostgresStoreError(error)
        }
    }

    /// Serialises the transactions that write papers, for the change sequence (see the type).
    static func lockPaperWrites(_ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.run("SELECT pg_advisory_xact_lock(\(PostgresSchema.paperWritesLock))", logger)
    }

    // MARK: PaperStore

    public func upsert(_ papers: [Paper]) async throws -> UpsertCounts {
        let logger = self.logger
        return try await transaction { connection in
            try await PostgresPaperStore.upsert(papers, on: connection, logger)
        }
    }

    public func upsert(_ papers: [Paper], saving state: (key: String, value: String)) async throws -> UpsertCounts {
        let logger = self.logger, savedAt = now().timeIntervalSince1970
        let (key, value) = state
        return try await transaction { connection in
            let counts = try await PostgresPaperStore.upsert(papers, on: connection, logger)
            try await connection.run("""
                INSERT INTO fetch_state (source, state, saved_at) VALUES (\(key), \(value), \(savedAt))
                ON CONFLICT (source) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at
                """, logger)
            return counts
        }
    }

    public func fetchState(_ key: String) async throws -> String? {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("SELECT state FROM fetch_state WHERE source = \(key)", logger).first?.value(0, as: String.self)
        }
    }

    public func fetchStates() async throws -> [(key: String, value: String, savedAt: Date)] {
        let logger = self.logger
        let rows: [(String, String, Double)] = try await read { connection in
            try await connection.all("SELECT source, state, saved_at FROM fetch_state ORDER BY source COLLATE \"C\"", logger).map {
                (try $0.value(0), try $0.value(1), try $0.value(2))
            }
        }
        return rows.map { ($0.0, $0.1, Date(timeIntervalSince1970: $0.2)) }
    }

    /// Merges `papers` with what is stored, writing only rows that change, in the caller's
    /// transaction.
    static func upsert(_ papers: [Paper], on connection: PostgresConnection, _ logger: Logger) async throws -> UpsertCounts {
        guard !papers.isEmpty else { return UpsertCounts() }
        try await lockPaperWrites(connection, logger)
        // Merge duplicates within the batch first, keeping first-seen order.
        let batch = papers.mergedByID()
        let order = batch.map(\.id)
        var existing: [PaperID: Paper] = [:]
        for row in try await connection.all("""
            SELECT \(unescaped: PaperColumns.selection) FROM papers WHERE id = ANY(\(order.map(\.rawValue)))
            """, logger) {
            let paper = try PaperColumns.paper(row)
            existing[paper.id] = paper
        }
        var counts = UpsertCounts()
        var inserted: [Paper] = []
        var changed: [PaperID] = []
        for paper in batch {
            let id = paper.id
            if let stored = existing[id] {
                let merged = stored.merged(with: paper)
                if merged == stored {
                    counts.unchanged += 1
                    continue
                }
                try await connection.run(PaperColumns.update(merged), logger)
                if merged.searchedDifferently(from: stored) { changed.append(id) }
                counts.updated += 1
            } else {
                inserted.append(paper)
                changed.append(id)
                counts.inserted += 1
            }
        }
        // Multi-row inserts, each well under the protocol's 65,535 parameters.
        let documents = await PaperColumns.documents(inserted)
        for start in stride(from: 0, to: inserted.count, by: PaperColumns.rowsPerInsert) {
            let end = min(start + PaperColumns.rowsPerInsert, inserted.count)
            try await connection.run(PaperColumns.insert(inserted[start..<end], documents: documents[start..<end]), logger)
        }
        if !changed.isEmpty {
            // In the order written; the lock above makes sequence order commit order.
            try await connection.run("""
                INSERT INTO paper_changes (paper_id)
                SELECT id FROM unnest(\(changed.map(\.rawValue))::text[]) WITH ORDINALITY AS changed(id, n) ORDER BY n
                """, logger)
        }
        return counts
    }

    public func paper(id: PaperID) async throws -> Paper? {
        try await papers(ids: [id]).first
    }

    public func papers(ids: [PaperID]) async throws -> [Paper] {
        guard !ids.isEmpty else { return [] }
        let logger = self.logger
        let found: [PaperID: Paper] = try await read { connection in
            var found: [PaperID: Paper] = [:]
            for row in try await connection.all("""
                SELECT \(unescaped: PaperColumns.selection) FROM papers WHERE id = ANY(\(ids.map(\.rawValue)))
                """, logger) {
                let paper = try PaperColumns.paper(row)
                found[paper.id] = paper
            }
            return found
        }
        return ids.compactMap { found[$0] }
    }

    public func count() async throws -> Int {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("SELECT count(*) FROM papers", logger).first?.value(0, as: Int.self) ?? 0
        }
    }

    public func papers(after: PaperID?, limit: Int) async throws -> [Paper] {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("""
                SELECT \(unescaped: PaperColumns.selection) FROM papers WHERE id > \(after?.rawValue ?? "") ORDER BY id LIMIT \(max(0, limit))
                """, logger).map(PaperColumns.paper)
        }
    }

    public func stats() async throws -> StoreStats {
        let logger = self.logger
        return try await read { connection in
            let row = try await connection.all("""
                SELECT count(*), count(abstract), count(upvotes), min(published), max(published) FROM papers
                """, logger)[0]
            let top = try await connection.all("""
                SELECT category, count(*) FROM papers, unnest(categories) AS category
                GROUP BY category ORDER BY count(*) DESC, category COLLATE "C" LIMIT 10
                """, logger).map { StoreStats.CategoryCount(category: try $0.value(0), papers: try $0.value(1)) }
            let bytes = try await connection.all("""
                SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'
                """, logger).first?.value(0, as: Int64.self) ?? 0
            return StoreStats(papers: try row.value(0), withAbstract: try row.value(1), withUpvotes: try row.value(2),
                              earliestPublished: try row.value(3), latestPublished: try row.value(4),
                              topCategories: top, databaseBytes: bytes)
        }
    }

    /// Loads the term statistics similar papers need, so the first paper page is as fast as the rest.
    public func warmUp() async throws {
        _ = try await currentTermStatistics()
    }
}
