import GRDB
import GRDBSQLite
#if canImport(Glibc)
import Glibc
#endif

/// `paperboy_bm25(papers_fts, weights...)`: FTS5's own bm25() formula, computed with
/// document lengths held in memory.
///
/// FTS5's bm25() looks up each matching row's length in the `%_docsize` table, one
/// B-tree query per row: for a common word ("models" matches 74,000 papers here) that
/// lookup is most of the search time. This function gives the same scores (the store's
/// tests compare the two) but reads every length once per database version, into an
/// array indexed by rowid, and then scores rows from memory.
final class BM25Ranker: @unchecked Sendable {
    static let functionName = "paperboy_bm25"
    /// The FTS5 shadow table with each row's token counts.
    static let docsizeTable = "papers_fts_docsize"

    private let connection: OpaquePointer
    /// Total tokens (all columns) per rowid; -1 where unknown.
    private var lengths: [Int32] = []
    private var loadedVersion: UInt32?

    private init(connection: OpaquePointer) { self.connection = connection }

    /// Registers the function on one connection (each connection keeps its own lengths).
    static func register(in db: Database) {
        guard let connection = db.sqliteConnection else { return }
        let api = UnsafeMutablePointer(mutating: FTS5.api(db))
        let ranker = Unmanaged.passRetained(BM25Ranker(connection: connection)).toOpaque()
        _ = api.pointee.xCreateFunction(api, functionName, ranker, { apiPointer, fts, context, argc, argv in
            guard let apiPointer, let fts, let context, let user = apiPointer.pointee.xUserData(fts) else { return }
            let ranker = Unmanaged<BM25Ranker>.fromOpaque(user).takeUnretainedValue()
            ranker.score(apiPointer, fts, context, Int(argc), argv)
        }, { user in
            if let user { Unmanaged<BM25Ranker>.fromOpaque(user).release() }
        })
    }

    /// Per-query values, computed on the first row as FTS5's bm25() does.
    /// Buffers rather than arrays: this runs once per matching row, and array
    /// mutation through a class pays for exclusivity checks and uniqueness tests.
    private final class Query {
        let idf: UnsafeMutableBufferPointer<Double>
        let frequencies: UnsafeMutableBufferPointer<Double>
        let weights: [Double]
        let averageLength: Double

        init(idf: [Double], weights: [Double], averageLength: Double) {
            self.idf = .allocate(capacity: idf.count)
            _ = self.idf.initialize(from: idf)
            frequencies = .allocate(capacity: idf.count)
            frequencies.initialize(repeating: 0)
            self.weights = weights
            self.averageLength = averageLength
        }

        deinit {
            idf.deallocate()
            frequencies.deallocate()
        }
    }

    private static let k1 = 1.2
    private static let b = 0.75

    private func score(_ apiPointer: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer,
                       _ context: OpaquePointer, _ argc: Int, _ argv: UnsafeMutablePointer<OpaquePointer?>?) {
        let api = apiPointer.pointee
        let query: Query
        if let aux = api.xGetAuxdata(fts, 0) {
            query = Unmanaged<Query>.fromOpaque(aux).takeUnretainedValue()
        } else {
            guard let prepared = prepare(apiPointer, fts, argc, argv) else {
                sqlite3_result_error(context, "paperboy_bm25: cannot read index statistics", -1)
                return
            }
            query = prepared
            _ = api.xSetAuxdata(fts, Unmanaged.passRetained(query).toOpaque()) { aux in
                if let aux { Unmanaged<Query>.fromOpaque(aux).release() }
            }
            refreshLengthsIfStale()
        }
        let frequencies = query.frequencies, idf = query.idf, weights = query.weights
        frequencies.update(repeating: 0)
        var instances: Int32 = 0
        _ = api.xInstCount(fts, &instances)
        for i in 0..<instances {
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            guard api.xInst(fts, i, &phrase, &column, &offset) == SQLITE_OK, Int(phrase) < frequencies.count else { continue }
            frequencies[Int(phrase)] += Int(column) < weights.count ? weights[Int(column)] : 1.0
        }
        let rowid = Int(api.xRowid(fts))
        var length: Int32 = lengths.withUnsafeBufferPointer { rowid >= 0 && rowid < $0.count ? $0[rowid] : -1 }
        if length < 0 {
            var tokens: Int32 = 0
            _ = api.xColumnSize(fts, -1, &tokens)
            length = tokens
        }
        let norm = BM25Ranker.k1 * (1 - BM25Ranker.b + BM25Ranker.b * Double(length) / query.averageLength)
        var score = 0.0
        for i in 0..<idf.count {
            let f = frequencies[i]
            score += idf[i] * (f * (BM25Ranker.k1 + 1)) / (f + norm)
        }
        sqlite3_result_double(context, -score)
    }

    private func prepare(_ apiPointer: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer,
                         _ argc: Int, _ argv: UnsafeMutablePointer<OpaquePointer?>?) -> Query? {
        let api = apiPointer.pointee
        let weights = (0..<argc).map { sqlite3_value_double(argv![$0]) }
        var rows: sqlite3_int64 = 0, tokens: sqlite3_int64 = 0
        guard api.xRowCount(fts, &rows) == SQLITE_OK, api.xColumnTotalSize(fts, -1, &tokens) == SQLITE_OK else { return nil }
        let phrases = Int(api.xPhraseCount(fts))
        var idfs: [Double] = []
        for phrase in 0..<phrases {
            var hits: sqlite3_int64 = 0
            let rc = api.xQueryPhrase(fts, Int32(phrase), &hits) { _, _, user in
                user!.assumingMemoryBound(to: sqlite3_int64.self).pointee += 1
                return SQLITE_OK
            }
            guard rc == SQLITE_OK else { return nil }
            var idf = log((Double(rows) - Double(hits) + 0.5) / (Double(hits) + 0.5))
            if idf <= 0 { idf = 1e-6 }
            idfs.append(idf)
        }
        return Query(idf: idfs, weights: weights, averageLength: Double(tokens) / Double(max(rows, 1)))
    }

    /// Reloads every row's length when the database changed since the last load.
    private func refreshLengthsIfStale() {
        var version: UInt32 = 0
        guard sqlite3_file_control(connection, "main", SQLITE_FCNTL_DATA_VERSION, &version) == SQLITE_OK else {
            lengths = []
            return
        }
        if version == loadedVersion { return }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, "SELECT id, sz FROM \(BM25Ranker.docsizeTable)", -1, &statement, nil) == SQLITE_OK else {
            lengths = []
            return
        }
        defer { sqlite3_finalize(statement) }
        var fresh: [Int32] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            let rowid = Int(sqlite3_column_int64(statement, 0))
            guard rowid >= 0, rowid < 1 << 28 else { continue }
            if rowid >= fresh.count { fresh.append(contentsOf: repeatElement(-1, count: rowid - fresh.count + 1 + fresh.count / 4)) }
            let size = Int(sqlite3_column_bytes(statement, 1))
            guard let blob = sqlite3_column_blob(statement, 1) else { fresh[rowid] = 0; continue }
            fresh[rowid] = BM25Ranker.sumOfVarints(UnsafeRawBufferPointer(start: blob, count: size))
        }
        lengths = fresh
        loadedVersion = version
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
}
