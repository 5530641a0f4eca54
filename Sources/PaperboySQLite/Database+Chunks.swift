import GRDB
import GRDBSQLite

extension Database {
    /// Values bound per statement: well under SQLite's limit on variables (32,766 here,
    /// 999 on old builds), and large enough that a 5,000-paper batch takes ten reads.
    static let chunkSize = 500

    /// The rows of a query with an `IN (...)` list over `values`, read in chunks. `sql`
    /// receives the placeholders for one chunk (`?,?,?`); `leading` arguments come first; `sql`
    /// must use the list only as `IN (...)`: a chunk is padded with its last value to a power
    /// of two, so that each query needs at most ten statements, compiled once per connection
    /// (a statement of some 25 columns costs more to compile than to run for a page of papers).
    func rows(in values: [some DatabaseValueConvertible], leading: [any DatabaseValueConvertible] = [],
              _ sql: (_ placeholders: String) -> String) throws -> [Row] {
        var rows: [Row] = []
        try forEachRow(in: values, leading: leading, sql) { rows.append($0.copy()) }
        return rows
    }

    /// Calls `body` with each row of the same query (as `rows(in:)`) while the statement stands
    /// on it, so that its columns are read straight from SQLite: no copy of each row's values
    /// first, which cost a search page of twenty papers a tenth of its time. `body` must not
    /// keep the row.
    func forEachRow(in values: [some DatabaseValueConvertible], leading: [any DatabaseValueConvertible] = [],
                    _ sql: (_ placeholders: String) -> String, _ body: (Row) throws -> Void) throws {
        try forEachChunk(of: values, leading: leading, sql) { statement, arguments in
            let cursor = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try cursor.next() { try body(row) }
        }
    }

    /// Calls `body` with SQLite's statement standing on each row of the same query (as
    /// `rows(in:)`), for readers that take the columns from SQLite themselves
    /// (`PaperRecord(statement:)`): GRDB's row adds a conversion per column (see there).
    func forEachStatementRow(in values: [some DatabaseValueConvertible], leading: [any DatabaseValueConvertible] = [],
                             _ sql: (_ placeholders: String) -> String, _ body: (SQLiteStatement) throws -> Void) throws {
        try forEachChunk(of: values, leading: leading, sql) { statement, arguments in
            statement.setUncheckedArguments(arguments)
            let raw = statement.sqliteStatement
            // A failed step leaves the statement to be reset before its next use.
            defer { sqlite3_reset(raw) }
            while true {
                switch sqlite3_step(raw) {
                case SQLITE_ROW: try body(raw)
                case SQLITE_DONE: return
                case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: statement.sql)
                }
            }
        }
    }

    /// The chunks of `values` (each padded to a power of two), each with its statement and arguments.
    private func forEachChunk(of values: [some DatabaseValueConvertible], leading: [any DatabaseValueConvertible],
                              _ sql: (_ placeholders: String) -> String, _ body: (Statement, StatementArguments) throws -> Void) throws {
        for start in stride(from: 0, to: values.count, by: Self.chunkSize) {
            var chunk = Array(values[start..<min(start + Self.chunkSize, values.count)])
            var size = 1
            while size < chunk.count { size *= 2 }
            chunk += repeatElement(chunk[chunk.count - 1], count: size - chunk.count)
            let placeholders = Array(repeating: "?", count: size).joined(separator: ",")
            try body(try cachedStatement(sql: sql(placeholders)), StatementArguments(leading) + StatementArguments(chunk))
        }
    }
}
