import GRDB
import GRDBSQLite

/// Per-row facts that FTS5 queries need for every matching row, held in memory by rowid:
/// each paper's token count (for bm25) and published day (for date filters). Reading them
/// from the database costs one B-tree lookup per matching row, which for a common word is
/// most of a search; here they are loaded once per database version.
///
/// One instance per connection, used only on that connection's thread.
final class FTSRowFacts: @unchecked Sendable {
    /// The FTS5 shadow table with each row's token counts.
    static let docsizeTable = "papers_fts_docsize"

    private let connection: OpaquePointer
    /// Total tokens (all columns) per rowid; -1 where unknown.
    private(set) var lengths: [Int32] = []
    /// Published day per rowid as yyyymmdd; 0 where the paper has none or the row is unknown.
    private(set) var publishedDays: [Int32] = []
    private var loadedVersion: UInt32?

    init(connection: OpaquePointer) { self.connection = connection }

    /// Reloads every row's facts when the database changed since the last load. Called on
    /// the first row of each query, inside the query's read transaction, so the facts match
    /// the snapshot the query sees.
    func refreshIfStale() {
        var version: UInt32 = 0
        guard sqlite3_file_control(connection, "main", SQLITE_FCNTL_DATA_VERSION, &version) == SQLITE_OK else {
            lengths = []
            publishedDays = []
            return
        }
        if version == loadedVersion { return }
        lengths = load("SELECT id, sz FROM \(FTSRowFacts.docsizeTable)", missing: -1) { statement in
            let size = Int(sqlite3_column_bytes(statement, 1))
            guard let blob = sqlite3_column_blob(statement, 1) else { return 0 }
            return FTSRowFacts.sumOfVarints(UnsafeRawBufferPointer(start: blob, count: size))
        }
        publishedDays = load("SELECT pk, published FROM papers WHERE published IS NOT NULL", missing: 0) { statement in
            let count = Int(sqlite3_column_bytes(statement, 1))
            guard let text = sqlite3_column_text(statement, 1) else { return 0 }
            return FTSRowFacts.dayNumber(UnsafeBufferPointer(start: text, count: count))
        }
        loadedVersion = version
    }

    /// Runs `sql` (rowid, value) and fills an array indexed by rowid.
    private func load(_ sql: String, missing: Int32, value: (OpaquePointer?) -> Int32) -> [Int32] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK else { return [] }
        defer { sqlite3_finalize(statement) }
        var values: [Int32] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            let rowid = Int(sqlite3_column_int64(statement, 0))
            guard rowid >= 0, rowid < 1 << 28 else { continue }
            if rowid >= values.count {
                values.append(contentsOf: repeatElement(missing, count: rowid - values.count + 1 + values.count / 4))
            }
            values[rowid] = value(statement)
        }
        return values
    }

    /// `%_docsize.sz` holds one SQLite varint per column.
    static func sumOfVarints(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        var total: Int64 = 0
        var i = 0
        while i < bytes.count {
            var value: Int64 = 0
            var n = 0
            while i < bytes.count {
                let byte = bytes[i]
                i += 1
                n += 1
                if n == 9 { value = (value << 8) | Int64(byte); break }
                value = (value << 7) | Int64(byte & 0x7F)
                if byte < 0x80 { break }
            }
            total += value
        }
        return Int32(clamping: total)
    }

    /// `YYYY-MM-DD` as yyyymmdd, or 0 when the text is not that shape.
    static func dayNumber(_ text: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard text.count == 10, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-") else { return 0 }
        var number: Int32 = 0
        for (i, byte) in text.enumerated() where i != 4 && i != 7 {
            guard byte >= 0x30, byte <= 0x39 else { return 0 }
            number = number * 10 + Int32(byte - 0x30)
        }
        return number
    }
}
