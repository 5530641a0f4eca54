import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore {
    /// Papers similar to `id` by text: a BM25 query made of the paper's most distinctive
    /// title and abstract words (`MoreLikeThis`), over titles and abstracts.
    public func similar(to id: PaperID, limit: Int) async throws -> [SearchHit]? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT pk, title, abstract FROM papers WHERE id = ?",
                                             arguments: [id.rawValue]) else { return nil }
            let pk: Int64 = row[0]
            var terms: [String: MoreLikeThis.Term] = [:]
            let tokenizer = try db.makeTokenizer(SQLitePaperStore.tokenizer)
            for (text, weight) in [(row[1] as String?, MoreLikeThis.titleWeight), (row[2] as String?, 1.0)] {
                guard let text else { continue }
                for (stem, word) in try SQLitePaperStore.tokens(of: text, with: tokenizer) {
                    terms[stem, default: MoreLikeThis.Term(stem: stem, word: word, frequency: 0)].frequency += weight
                }
            }
            guard !terms.isEmpty else { return [] }
            let statistics = try self.termStatistics.current(in: db)
            let words = MoreLikeThis.selectWords(Array(terms.values), documentFrequency: statistics.frequencies,
                                                 documents: statistics.documents)
            guard !words.isEmpty else { return [] }
            let match = "{title abstract} : (" + words.map(FTS5Query.quoted).joined(separator: " OR ") + ")"
            let rows = try Row.fetchAll(db, sql: """
                WITH top AS (
                    SELECT rowid, \(BM25Ranker.functionName)(papers_fts, 2.0, 1.0, 0.0, 0.0) AS rank FROM papers_fts
                    WHERE papers_fts MATCH ? AND rowid <> ? ORDER BY rank LIMIT ?
                )
                SELECT top.rank, \(SQLitePaperStore.qualifiedColumns) FROM top JOIN papers ON papers.pk = top.rowid
                ORDER BY top.rank
                """, arguments: [match, pk, max(0, limit)])
            return try rows.map { SearchHit(paper: try PaperRow.paper($0, offset: 1), score: -($0[0] as Double)) }
        }
    }

    /// Loads what similar-paper queries need (a second or so on a large database), so the
    /// first paper page a server shows is as fast as the rest.
    public func warmUp() async throws {
        try await pool.read { db in _ = try self.termStatistics.current(in: db) }
    }

    /// The tokenizer of `papers_fts`, so stems match the index's terms exactly.
    static let tokenizer = FTS5TokenizerDescriptor(components: ["porter", "unicode61", "remove_diacritics", "2"])

    /// Each token of `text` as the index stores it (the stem) with the word it came from.
    static func tokens(of text: String, with tokenizer: any FTS5Tokenizer) throws -> [(stem: String, word: String)] {
        final class Collected { var tokens: [(String, Int, Int)] = [] }
        let collected = Collected()
        let bytes = Array(text.utf8)
        let code = bytes.withUnsafeBufferPointer { buffer -> CInt in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                tokenizer.tokenize(context: Unmanaged.passUnretained(collected).toOpaque(), tokenization: .document,
                                   pText: pointer, nText: CInt(buffer.count)) { context, _, token, length, start, end in
                    guard let context, let token else { return 0 }
                    let stem = String(decoding: UnsafeRawBufferPointer(start: token, count: Int(length)), as: UTF8.self)
                    Unmanaged<Collected>.fromOpaque(context).takeUnretainedValue().tokens.append((stem, Int(start), Int(end)))
                    return 0
                }
            }
        }
        guard code == 0 else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
        return collected.tokens.map { stem, start, end in
            (stem, String(decoding: bytes[max(0, start)..<min(bytes.count, end)], as: UTF8.self))
        }
    }
}
