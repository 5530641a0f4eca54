import GRDB

extension Database {
    /// Values bound per statement: well under SQLite's limit on variables (32,766 here,
    /// 999 on old builds), and large enough that a 5,000-paper batch takes ten reads.
    static let chunkSize = 500

    /// The rows of a query with an `IN (...)` list over `values`, read in chunks. `sql`
    /// receives the placeholders for one chunk (`?,?,?`); `leading` arguments come first.
    func rows(in values: [some DatabaseValueConvertible], leading: [any DatabaseValueConvertible] = [],
              _ sql: (_ placeholders: String) -> String) throws -> [Row] {
        var rows: [Row] = []
        for start in stride(from: 0, to: values.count, by: Self.chunkSize) {
            let chunk = values[start..<min(start + Self.chunkSize, values.count)]
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            rows += try Row.fetchAll(self, sql: sql(placeholders),
                                     arguments: StatementArguments(leading) + StatementArguments(Array(chunk)))
        }
        return rows
    }
}
