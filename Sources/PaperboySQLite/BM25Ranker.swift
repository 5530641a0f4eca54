import GRDB
import GRDBSQLite
#if canImport(Glibc)
import Glibc
#endif

/// `paperboy_bm25(papers_fts, columnWeights..., phraseWeights...)`: FTS5's own bm25()
/// formula, computed with document lengths held in memory.
///
/// One weight per column, as for bm25(); any further arguments weigh the query's phrases
/// in order (1 when left out), so a more-like-this query can count its best terms most.
///
/// FTS5's bm25() looks up each matching row's length in the `%_docsize` table, one
/// B-tree query per row: for a common word ("models" matches 74,000 papers here) that
/// lookup is most of the search time. This function gives the same scores (the store's
/// tests compare the two) but takes the lengths from `FTSRowFacts`.
final class BM25Ranker: FTS5AuxiliaryFunction, @unchecked Sendable {
    static let functionName = "paperboy_bm25"

    private let facts: FTSRowFacts

    init(facts: FTSRowFacts) { self.facts = facts }

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

    func call(_ apiPointer: UnsafePointer<Fts5ExtensionApi>, _ fts: OpaquePointer, _ context: OpaquePointer,
              _ arguments: UnsafeMutableBufferPointer<OpaquePointer?>) {
        let api = apiPointer.pointee
        let query: Query
        if let aux = api.xGetAuxdata(fts, 0) {
            query = Unmanaged<Query>.fromOpaque(aux).takeUnretainedValue()
        } else {
            guard let prepared = prepare(apiPointer, fts, arguments) else {
                sqlite3_result_error(context, "paperboy_bm25: cannot read index statistics", -1)
                return
            }
            query = prepared
            _ = api.xSetAuxdata(fts, Unmanaged.passRetained(query).toOpaque()) { aux in
                if let aux { Unmanaged<Query>.fromOpaque(aux).release() }
            }
            facts.refreshIfStale()
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
        var length: Int32 = facts.lengths.withUnsafeBufferPointer { rowid >= 0 && rowid < $0.count ? $0[rowid] : -1 }
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
                         _ arguments: UnsafeMutableBufferPointer<OpaquePointer?>) -> Query? {
        let api = apiPointer.pointee
        let columns = Int(api.xColumnCount(fts))
        let values = arguments.map { sqlite3_value_double($0) }
        let weights = Array(values.prefix(columns))
        let phraseWeights = values.dropFirst(columns)
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
            let position = phraseWeights.startIndex + phrase
            idfs.append(idf * (position < phraseWeights.endIndex ? phraseWeights[position] : 1))
        }
        return Query(idf: idfs, weights: weights, averageLength: Double(tokens) / Double(max(rows, 1)))
    }
}
