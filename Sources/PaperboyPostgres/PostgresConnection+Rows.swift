import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs a statement, discarding any rows.
    func run(_ query: PostgresQuery, _ logger: Logger) async throws {
        let rows = try await self.query(query, logger: logger)
        for try await _ in rows {}
    }

    /// Every row of a query, each ready to be read by position.
    func all(_ query: PostgresQuery, _ logger: Logger) async throws -> [PostgresRandomAccessRow] {
        var collected: [PostgresRandomAccessRow] = []
        for try await row in try await self.query(query, logger: logger) { collected.append(row.makeRandomAccess()) }
        return collected
    }

    /// How many rows a statement with `RETURNING 1` (or any returned column) touched.
    func count(_ query: PostgresQuery, _ logger: Logger) async throws -> Int {
        var count = 0
        for try await _ in try await self.query(query, logger: logger) { count += 1 }
        return count
    }
}

extension PostgresRandomAccessRow {
    /// The value of the column at `index`.
    func value<Value: PostgresDecodable>(_ index: Int, as type: Value.Type = Value.self) throws -> Value {
        try self[index].decode(Value.self)
    }
}
