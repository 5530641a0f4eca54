import GRDB
import GRDBSQLite

/// `paperboy_published(papers_fts)`: the matching paper's published day as yyyymmdd (NULL
/// when unknown), from `FTSRowFacts`. A date-filtered search tests it in its WHERE clause
/// instead of joining every match to `papers`.
final class PublishedDayFunction: @unchecked Sendable {
    static let functionName = "paperboy_published"

    private let facts: FTSRowFacts

    private init(facts: FTSRowFacts) { self.facts = facts }

    static func register(in db: Database, facts: FTSRowFacts) {
        let api = UnsafeMutablePointer(mutating: FTS5.api(db))
        let function = Unmanaged.passRetained(PublishedDayFunction(facts: facts)).toOpaque()
        _ = api.pointee.xCreateFunction(api, functionName, function, { apiPointer, fts, context, _, _ in
            guard let apiPointer, let fts, let context, let user = apiPointer.pointee.xUserData(fts) else { return }
            Unmanaged<PublishedDayFunction>.fromOpaque(user).takeUnretainedValue().result(apiPointer.pointee, fts, context)
        }, { user in
            if let user { Unmanaged<PublishedDayFunction>.fromOpaque(user).release() }
        })
    }

    private func result(_ api: Fts5ExtensionApi, _ fts: OpaquePointer, _ context: OpaquePointer) {
        if api.xGetAuxdata(fts, 0) == nil {
            facts.refreshIfStale()
            // Any non-nil value marks "checked for this query"; FTS5 frees nothing (no destructor).
            _ = api.xSetAuxdata(fts, Unmanaged.passUnretained(self).toOpaque(), nil)
        }
        let rowid = Int(api.xRowid(fts))
        let day: Int32 = facts.publishedDays.withUnsafeBufferPointer { rowid >= 0 && rowid < $0.count ? $0[rowid] : 0 }
        if day == 0 { sqlite3_result_null(context) } else { sqlite3_result_int(context, day) }
    }
}

/// Registers Paperboy's FTS5 functions on a connection, sharing one set of row facts.
enum PaperFTSFunctions {
    static func register(in db: Database) {
        guard let connection = db.sqliteConnection else { return }
        let facts = FTSRowFacts(connection: connection)
        BM25Ranker.register(in: db, facts: facts)
        PublishedDayFunction.register(in: db, facts: facts)
    }
}
