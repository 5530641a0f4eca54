import GRDB
import GRDBSQLite

/// `paperboy_published(papers_fts)`: the matching paper's published day as yyyymmdd (NULL
/// when unknown), from `FTSRowFacts`. A date-filtered search tests it in its WHERE clause
/// instead of joining every match to `papers`.
final class PublishedDayFunction: FTS5AuxiliaryFunction, @unchecked Sendable {
    static let functionName = "paperboy_published"

    private let facts: FTSRowFacts

    init(facts: FTSRowFacts) { self.facts = facts }

    func call(_ apiPointer: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer, _ context: OpaquePointer,
              _ arguments: UnsafeMutableBufferPointer<OpaquePointer?>) {
        let api = apiPointer.pointee
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
