import GRDB
import GRDBSQLite

extension PaperRecord {
    /// The row SQLite's `statement` stands on, whose columns are `selection` from the first
    /// on (`Database.forEachStatementRow`). Texts are made from SQLite's bytes and their
    /// length: GRDB's row measures each with `strlen` and converts each column through its
    /// own value type, which took an eighth of the CPU of reading a page of twenty papers.
    /// A NULL in a NOT NULL column reads as empty text (an empty id then fails `paper()`).
    init(statement: SQLiteStatement) {
        func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
        func text(_ column: Int32) -> String? {
            // Text first, then its length: the order SQLite documents for a value it converts.
            guard let bytes = sqlite3_column_text(statement, column) else { return nil }
            return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
        }
        func integer(_ column: Int32) -> Int? { isNull(column) ? nil : Int(sqlite3_column_int64(statement, column)) }
        pk = isNull(0) ? nil : sqlite3_column_int64(statement, 0)
        id = text(1) ?? ""
        title = text(2) ?? ""
        abstract = text(3)
        authors = text(4) ?? ""
        categories = text(5) ?? ""
        published = text(6)
        updated = text(7)
        version = integer(8)
        doi = text(9)
        journalRef = text(10)
        comments = text(11)
        codeRepository = text(12)
        codeFoundInText = integer(13).map { $0 != 0 } ?? false
        codeStars = integer(14)
        projectPage = text(15)
        aiSummary = text(16)
        aiKeywords = text(17) ?? ""
        discussionComments = integer(18)
        thumbnail = text(19)
        submittedBy = text(20)
        venue = text(21)
        upvotes = integer(22)
        listed = text(23)
        sources = text(24) ?? ""
        votes = integer(25) ?? 0
    }
}
