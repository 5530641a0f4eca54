import Foundation
import PaperboyCore
import PostgresNIO

/// A value of a row copied into the database from another store (`paperboy migrate-store`).
public enum CopiedValue: Sendable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bytes(Data)
    case bool(Bool)
}

extension PostgresPaperStore {
    /// Tables rows are copied into, and the columns whose values are generated here unless
    /// given (`OVERRIDING SYSTEM VALUE` keeps the source's ids, which other tables refer to).
    static let copyTables: Set<String> = [
        "votes", "subscriptions", "outbox", "digest_papers", "fetch_state", "job_problems", "accounts", "library_items",
        "ratings", "sessions", "spent_login_nonces", "settings",
    ]
    static let identityTables: Set<String> = ["subscriptions", "outbox", "accounts"]

    /// Inserts `rows` into `table`, leaving alone every row whose key is already there (so a
    /// copy can be run again), with `values` given for each column as SQL around its
    /// parameter (`$` stands for it; a plain `$` by default): a reference to a paper by its
    /// id is `(SELECT pk FROM papers WHERE id = $)`. Returns how many rows were new.
    public func copyRows(into table: String, columns: [String], values: [String: String] = [:],
                         rows: [[CopiedValue]]) async throws -> Int {
        guard Self.copyTables.contains(table) else { throw PostgresStoreError(message: "no copying into \(table)") }
        guard !rows.isEmpty else { return 0 }
        let logger = self.logger
        let perStatement = max(1, 30_000 / max(1, columns.count))
        let overriding = Self.identityTables.contains(table) ? " OVERRIDING SYSTEM VALUE" : ""
        var inserted = 0
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var binds = PostgresBindings()
            var tuples: [String] = []
            for row in rows[start..<min(start + perStatement, rows.count)] {
                var placeholders: [String] = []
                for (column, value) in zip(columns, row) {
                    switch value {
                    case .null: binds.appendNull()
                    case .int(let number): binds.append(number)
                    case .double(let number): binds.append(number)
                    case .text(let text): binds.append(text)
                    case .bytes(let data): try binds.append(data)
                    case .bool(let flag): binds.append(flag)
                    }
                    let placeholder = "$\(binds.count)"
                    placeholders.append((values[column] ?? "$").replacingOccurrences(of: "$", with: placeholder))
                }
                tuples.append("(" + placeholders.joined(separator: ", ") + ")")
            }
            let query = PostgresQuery(unsafeSQL: """
                INSERT INTO \(table) (\(columns.joined(separator: ", ")))\(overriding) VALUES \(tuples.joined(separator: ", "))
                ON CONFLICT DO NOTHING RETURNING 1
                """, binds: binds)
            inserted += try await read { connection in try await connection.count(query, logger) }
        }
        return inserted
    }

    /// Sets each paper's count of votes cast here (`Paper.localVotes`), which imports never write.
    public func copyLocalVotes(_ votes: [(id: PaperID, votes: Int)]) async throws {
        guard !votes.isEmpty else { return }
        let logger = self.logger
        try await read { connection in
            try await connection.run("""
                UPDATE papers SET votes = given.votes
                FROM unnest(\(votes.map(\.id.rawValue))::text[], \(votes.map(\.votes))::bigint[]) AS given(id, votes)
                WHERE papers.id = given.id AND papers.votes <> given.votes
                """, logger)
        }
    }

    /// After rows were copied with their ids: new ids continue after the largest, and after
    /// `floors` (the largest a table ever gave, deleted rows included: SQLite's
    /// AUTOINCREMENT never gives a deleted account's id again, and neither may this).
    public func continueIdentities(floors: [String: Int64] = [:]) async throws {
        let logger = self.logger
        try await read { connection in
            for table in Self.identityTables.sorted() {
                try await connection.run(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(table)', 'id'),
                                  greatest((SELECT max(id) FROM \(table)), \(floors[table] ?? 0), 1))
                    """), logger)
            }
        }
    }

    /// A setting as stored, without making one (`SettingStore.setting` inserts).
    public func storedSetting(_ key: String) async throws -> String? {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("SELECT value FROM settings WHERE key = \(key)", logger).first?.value(0, as: String.self)
        }
    }

    /// How many rows a table holds (tables of the schema only).
    public func rowCount(_ table: String) async throws -> Int {
        guard Self.copyTables.contains(table) || ["papers", "paper_embeddings"].contains(table) else {
            throw PostgresStoreError(message: "no table \(table)")
        }
        let logger = self.logger
        return try await read { connection in
            try await connection.all(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), logger)[0].value(0, as: Int.self)
        }
    }
}
