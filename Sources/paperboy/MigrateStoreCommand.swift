import ArgumentParser
import Foundation
import GRDB
import Logging
import PaperboyCore
import PaperboyPostgres
import PaperboySQLite

/// Moves an instance from its SQLite file to PostgreSQL: every table, checked by counting,
/// and safe to run again (what is there already is left alone), so an interrupted copy is
/// finished by running it once more.
struct MigrateStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy a SQLite database into PostgreSQL (papers, votes, subscriptions, outbox, accounts, libraries, sessions, embeddings, fetch state).",
        discussion: "Stop the servers writing to the SQLite file first. Search indexes and similar-paper lists are not copied: every server rebuilds them from the database.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The SQLite database: sqlite:PATH or PATH.")
    var from: String

    @Option(help: "The PostgreSQL database: postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
    var to: String

    func run() async throws {
        let (_, logger) = try Bootstrap.configure(global)
        var path = from
        for prefix in ["sqlite://", "sqlite:"] where path.hasPrefix(prefix) { path.removeFirst(prefix.count) }
        guard FileManager.default.fileExists(atPath: path) else { throw Failure(description: "no database at '\(path)'") }
        let source: SQLitePaperStore, target: PostgresPaperStore
        do {
            source = try SQLitePaperStore(path: path, logger: logger)
            target = try await PostgresPaperStore(location: try PostgresLocation(url: to), logger: logger)
        } catch {
            throw Failure(description: "cannot open the databases: \(error)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let raw = try DatabaseQueue(path: path, configuration: configuration)
        let clock = ContinuousClock(), started = clock.now
        // A database that already signs tokens with another secret is another instance:
        // merging into it would break every link mailed from this one.
        let secret = try await raw.read { db in try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'secret'") }
        if let secret, let theirs = try await target.storedSetting("secret"), theirs != secret {
            throw Failure(description: "the PostgreSQL database already has another signing secret: migrate into an empty database")
        }

        // Papers through the store (their terms and change sequence are written as an
        // import writes them), then the votes cast here, which imports never write.
        var after: PaperID?, papers = 0
        while true {
            let page = try await source.papers(after: after, limit: 2_000)
            guard let last = page.last else { break }
            _ = try await target.upsert(page)
            papers += page.count
            after = last.id
        }
        let localVotes = try await raw.read { db in
            try Row.fetchAll(db, sql: "SELECT id, votes FROM papers WHERE votes > 0").compactMap { row -> (id: PaperID, votes: Int)? in
                PaperID.parse(row[0] as String).map { ($0.id, row[1]) }
            }
        }
        try await target.copyLocalVotes(localVotes)

        // Embeddings, per model, those the target lacks.
        let models = try await raw.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT model FROM paper_embeddings") }
        for model in models {
            let present = Set(try await target.embeddedPaperIDs(model: model))
            let missing = try await source.embeddings(model: model).filter { !present.contains($0.id) }
            for start in stride(from: 0, to: missing.count, by: 1_000) {
                try await target.saveEmbeddings(Array(missing[start..<min(start + 1_000, missing.count)]), model: model)
            }
        }

        // Every other table, row for row, in an order that has what each refers to first.
        var report: [(table: String, source: Int, target: Int, copied: Int)] = [("papers", papers, try await target.rowCount("papers"), papers)]
        for table in Self.tables {
            let rows = try await raw.read { db in try Row.fetchAll(db, sql: table.select).map { try table.values($0) } }
            let copied = try await target.copyRows(into: table.name, columns: table.columns, values: table.templates, rows: rows)
            let present = try await target.rowCount(table.name) - (table.name == "settings" ? 1 : 0)  // its own identity
            report.append((table.name, rows.count, present, copied))
        }
        let floors = try await raw.read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT name, seq FROM sqlite_sequence").map { ($0[0] as String, $0[1] as Int64) }) { $1 }
        }
        try await target.continueIdentities(floors: floors)
        let embedded = try await raw.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM paper_embeddings") ?? 0 }
        report.append(("paper_embeddings", embedded, try await target.rowCount("paper_embeddings"), -1))

        func column(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        print("table" + String(repeating: " ", count: 13) + column("SQLite", 9) + column("PostgreSQL", 12) + column("new", 9))
        var mismatched: [String] = []
        for line in report {
            print(line.table.padding(toLength: 18, withPad: " ", startingAt: 0) + column(String(line.source), 9)
                  + column(String(line.target), 12) + column(line.copied < 0 ? "" : String(line.copied), 9))
            if line.target < line.source { mismatched.append(line.table) }
        }
        let elapsed = clock.now - started
        print(String(format: "copied in %.1f s", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        guard mismatched.isEmpty else {
            throw Failure(description: "fewer rows in PostgreSQL than in SQLite: \(mismatched.joined(separator: ", "))")
        }
        logger.info("store migrated", metadata: ["from": "\(path)", "to": "\(target.location)"])
    }

    /// One table's copy: what to read from SQLite, and how each value goes into PostgreSQL.
    struct Table {
        var name: String
        var select: String
        var columns: [String]
        /// SQL around a column's parameter in PostgreSQL, where it is not the value itself.
        var templates: [String: String] = [:]
        /// Columns read as ISO 8601 text and written as Unix time, and 0/1 written as booleans.
        var times: Set<String> = []
        var booleans: Set<String> = []

        func values(_ row: Row) throws -> [CopiedValue] {
            try columns.enumerated().map { index, column in
                let value: DatabaseValue = row[index]
                if value.isNull { return .null }
                if times.contains(column) {
                    guard let text = String.fromDatabaseValue(value), let date = MigrateStoreCommand.date(text) else {
                        throw Failure(description: "\(name).\(column): '\(value)' is not a time")
                    }
                    return .double(date.timeIntervalSince1970)
                }
                if booleans.contains(column) { return .bool((Int64.fromDatabaseValue(value) ?? 0) != 0) }
                switch value.storage {
                case .null: return .null
                case .int64(let number): return .int(number)
                case .double(let number): return .double(number)
                case .string(let text): return .text(text)
                case .blob(let data): return .bytes(data)
                }
            }
        }
    }

    static let paperByID = "(SELECT pk FROM papers WHERE id = $)"

    static let tables: [Table] = [
        Table(name: "settings", select: "SELECT key, value FROM settings WHERE key <> 'store-identity'", columns: ["key", "value"]),
        Table(name: "fetch_state", select: "SELECT source, state, saved_at FROM fetch_state", columns: ["source", "state", "saved_at"]),
        Table(name: "job_problems", select: "SELECT job, item, reason, count, first_at, last_at FROM job_problems",
              columns: ["job", "item", "reason", "count", "first_at", "last_at"]),
        Table(name: "subscriptions", select: """
            SELECT id, email, topics, frequency, hour, time_zone, status, last_digest_day, bounces, created_at, confirmed_at,
                   confirm_round, only_with_code FROM subscriptions
            """, columns: ["id", "email", "topics", "frequency", "hour", "time_zone", "status", "last_digest_day", "bounces",
                           "created_at", "confirmed_at", "confirm_round", "only_with_code"], booleans: ["only_with_code"]),
        Table(name: "outbox", select: """
            SELECT id, subscription_id, kind, period, message_id, recipient, message, status, attempts, next_attempt_at,
                   claimed_by, claimed_until, last_error, created_at, sent_at FROM outbox
            """, columns: ["id", "subscription_id", "kind", "period", "message_id", "recipient", "message", "status", "attempts",
                           "next_attempt_at", "claimed_by", "claimed_until", "last_error", "created_at", "sent_at"]),
        Table(name: "digest_papers", select: "SELECT subscription_id, paper_id, outbox_id FROM digest_papers",
              columns: ["subscription_id", "paper_id", "outbox_id"]),
        Table(name: "votes", select: """
            SELECT papers.id, votes.voter, votes.cast_at, substr(votes.cast_at, 1, 10), votes.network, votes.counted
            FROM votes JOIN papers ON papers.pk = votes.paper_pk
            """, columns: ["paper_pk", "voter", "cast_at", "cast_day", "network", "counted"],
              templates: ["paper_pk": paperByID], times: ["cast_at"], booleans: ["counted"]),
        Table(name: "accounts", select: "SELECT id, email, created FROM accounts", columns: ["id", "email", "created"], times: ["created"]),
        Table(name: "library_items", select: """
            SELECT items.account_id, items.collection, papers.id, items.saved FROM library_items AS items JOIN papers ON papers.pk = items.paper_pk
            """, columns: ["account_id", "collection", "paper_pk", "saved"], templates: ["paper_pk": paperByID], times: ["saved"]),
        Table(name: "ratings", select: """
            SELECT ratings.account_id, papers.id, ratings.rating, ratings.rated FROM ratings JOIN papers ON papers.pk = ratings.paper_pk
            """, columns: ["account_id", "paper_pk", "rating", "rated"], templates: ["paper_pk": paperByID], times: ["rated"]),
        Table(name: "sessions", select: "SELECT token_hash, account_id, expires FROM sessions", columns: ["token_hash", "account_id", "expires"],
              times: ["expires"]),
        Table(name: "spent_login_nonces", select: "SELECT nonce, expires FROM spent_login_nonces", columns: ["nonce", "expires"],
              times: ["expires"]),
    ]

    /// ISO 8601, with or without fractional seconds (SQLite keeps both).
    static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
