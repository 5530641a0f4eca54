import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore {
    /// Papers similar to `id` by text (`MoreLikeThis`): the stored list when there is one,
    /// else computed now and stored for the next view.
    public func similar(to id: PaperID, limit: Int) async throws -> [SearchHit]? {
        // The usual case, a stored list, is one read: the list and its papers together.
        enum Found { case unknown, stored([SearchHit]), missing(Int64) }
        let found: Found = try await pool.read { db in
            guard let pk = try Int64.fetchOne(db, sql: "SELECT pk FROM papers WHERE id = ?", arguments: [id.rawValue]) else {
                return .unknown
            }
            guard let stored = try Data.fetchOne(db, sql: "SELECT papers FROM similar_lists WHERE paper_pk = ?", arguments: [pk]) else {
                return .missing(pk)
            }
            return .stored(try SQLitePaperStore.hits(SimilarList(data: stored), limit: limit, in: db))
        }
        switch found {
        case .unknown:
            return nil
        case .stored(let hits):
            return hits
        case .missing(let pk):
            guard let computed = try await computeSimilarLists(for: [pk])[pk] else { return nil }
            return try await pool.read { db in try SQLitePaperStore.hits(computed, limit: limit, in: db) }
        }
    }

    /// The first `limit` papers of a list, in its order; a paper deleted since the list was
    /// computed just drops out.
    private static func hits(_ list: SimilarList, limit: Int, in db: Database) throws -> [SearchHit] {
        let entries = Array(list.entries.prefix(max(0, limit)))
        guard !entries.isEmpty else { return [] }
        var papers: [Int64: Paper] = [:]
        try db.forEachStatementRow(in: entries.map(\.pk), { "SELECT \(PaperRecord.selection) FROM papers WHERE pk IN (\($0))" }) { statement in
            let record = PaperRecord(statement: statement)
            papers[record.pk ?? 0] = try record.paper()
        }
        return entries.compactMap { entry in papers[entry.pk].map { SearchHit(paper: $0, score: Double(entry.score)) } }
    }

    public func fillSimilarLists(limit: Int, refreshingBefore cutoff: Date) async throws -> Int {
        let pks: [Int64] = try await pool.read { db in
            var pks = try Int64.fetchAll(db, sql: """
                SELECT papers.pk FROM papers LEFT JOIN similar_lists ON similar_lists.paper_pk = papers.pk
                WHERE similar_lists.paper_pk IS NULL
                ORDER BY coalesce(papers.listed, papers.published) DESC, papers.pk DESC LIMIT ?
                """, arguments: [limit])
            if pks.count < limit {
                pks += try Int64.fetchAll(db, sql: """
                    SELECT paper_pk FROM similar_lists WHERE computed_at < ? ORDER BY computed_at LIMIT ?
                    """, arguments: [cutoff.timeIntervalSince1970, limit - pks.count])
            }
            return pks
        }
        return try await computeSimilarLists(for: pks).count
    }

    public func similarListsMissing() async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM papers LEFT JOIN similar_lists ON similar_lists.paper_pk = papers.pk
                WHERE similar_lists.paper_pk IS NULL
                """) ?? 0
        }
    }

    /// Computes and stores the lists of papers `pks` (those still present).
    private func computeSimilarLists(for pks: [Int64]) async throws -> [Int64: SimilarList] {
        guard !pks.isEmpty else { return [:] }
        let computedAt = now()
        let lists: [Int64: SimilarList] = try await pool.read { db in
            var lists: [Int64: SimilarList] = [:]
            let tokenizer = try db.makeTokenizer(SQLitePaperStore.tokenizer)
            let statistics = try self.termStatistics.current(in: db)
            // One paper whose query fails gets an empty list (tried again when lists are
            // refreshed) rather than failing the batch, which the background service would
            // then pick again forever. A database that fails every paper still throws.
            var firstError: (any Error)?
            var failures = 0
            for pk in pks {
                do {
                    if let list = try SQLitePaperStore.moreLikeThis(pk, in: db, tokenizer: tokenizer, statistics: statistics) {
                        lists[pk] = list
                    }
                } catch {
                    firstError = firstError ?? error
                    failures += 1
                    lists[pk] = SimilarList(entries: [])
                }
            }
            if let firstError, failures == pks.count { throw firstError }
            return lists
        }
        try await pool.write { db in
            for (pk, list) in lists {
                // The paper may have gone since it was read; its list would have nothing to hang on.
                try db.execute(sql: """
                    INSERT INTO similar_lists (paper_pk, computed_at, papers)
                    SELECT pk, ?, ? FROM papers WHERE pk = ?
                    ON CONFLICT (paper_pk) DO UPDATE SET computed_at = excluded.computed_at, papers = excluded.papers
                    """, arguments: [computedAt.timeIntervalSince1970, list.data, pk])
            }
        }
        return lists
    }

    /// One paper's similar papers: a BM25 query made of its most distinctive title and
    /// abstract words, each weighted by how distinctive it is. Nil when the paper is gone.
    private static func moreLikeThis(_ pk: Int64, in db: Database, tokenizer: any FTS5Tokenizer,
                                     statistics: TermStatistics.Snapshot) throws -> SimilarList? {
        guard let row = try Row.fetchOne(db, sql: "SELECT title, abstract FROM papers WHERE pk = ?", arguments: [pk]) else {
            return nil
        }
        var terms: [String: MoreLikeThis.Term] = [:]
        for (stem, word) in try tokens(of: row[0] as String? ?? "", with: tokenizer) {
            terms[stem, default: MoreLikeThis.Term(stem: stem, word: word)].inTitle += 1
        }
        for (stem, word) in try tokens(of: row[1] as String? ?? "", with: tokenizer) {
            terms[stem, default: MoreLikeThis.Term(stem: stem, word: word)].inAbstract += 1
        }
        let words = MoreLikeThis.selectWords(Array(terms.values), documentFrequency: statistics.frequencies,
                                             documents: statistics.documents)
        guard !words.isEmpty else { return SimilarList(entries: []) }
        let match = "{title abstract} : (" + words.map { FTS5Query.quoted($0.word) }.joined(separator: " OR ") + ")"
        let phraseWeights = Array(repeating: "?", count: words.count).joined(separator: ", ")
        let rows = try Row.fetchAll(db, sql: """
            SELECT rowid, \(BM25Ranker.functionName)(papers_fts, 2.0, 1.0, 0.0, 0.0, \(phraseWeights)) AS rank
            FROM papers_fts WHERE papers_fts MATCH ? AND rowid <> ? ORDER BY rank LIMIT ?
            """, arguments: StatementArguments(words.map(\.weight)) + [match, pk, MoreLikeThis.listLength])
        return SimilarList(entries: rows.map { ($0[0], Float(-($0[1] as Double))) })
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
        guard !bytes.isEmpty else { return [] }
        let code = withExtendedLifetime(collected) {
            bytes.withUnsafeBufferPointer { buffer -> CInt in
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
        }
        guard code == 0 else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
        return collected.tokens.map { stem, start, end in
            (stem, String(decoding: bytes[max(0, start)..<min(bytes.count, end)], as: UTF8.self))
        }
    }
}
