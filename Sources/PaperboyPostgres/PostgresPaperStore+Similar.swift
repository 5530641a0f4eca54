import Foundation
import PaperboyCore
import PostgresNIO

extension PostgresPaperStore {
    /// Papers similar to `id` by text (`MoreLikeThis`): the stored list when there is one,
    /// else computed now and stored for the next view.
    public func similar(to id: PaperID, limit: Int) async throws -> [SearchHit]? {
        let logger = self.logger
        let found: (pk: Int64, list: [(Int64, Float)]?)? = try await read { connection in
            guard let row = try await connection.all("""
                SELECT papers.pk, similar_lists.paper_pks, similar_lists.scores FROM papers
                LEFT JOIN similar_lists ON similar_lists.paper_pk = papers.pk WHERE papers.id = \(id.rawValue)
                """, logger).first else { return nil }
            let pks = try row.value(1, as: [Int64]?.self), scores = try row.value(2, as: [Float]?.self)
            return (try row.value(0), pks.map { Array(zip($0, scores ?? [])) })
        }
        guard let found else { return nil }
        let list: [(Int64, Float)]
        if let stored = found.list {
            list = stored
        } else {
            guard let computed = try await computeSimilarLists(for: [found.pk])[found.pk] else { return nil }
            list = computed
        }
        return try await hits(Array(list.prefix(max(0, limit))))
    }

    /// The papers of a list, in its order; a paper deleted since just drops out.
    private func hits(_ entries: [(pk: Int64, score: Float)]) async throws -> [SearchHit] {
        guard !entries.isEmpty else { return [] }
        let logger = self.logger
        let papers: [Int64: Paper] = try await read { connection in
            var papers: [Int64: Paper] = [:]
            for row in try await connection.all("""
                SELECT \(unescaped: PaperColumns.selection) FROM papers WHERE pk = ANY(\(entries.map(\.pk)))
                """, logger) {
                papers[try row.value(0)] = try PaperColumns.paper(row)
            }
            return papers
        }
        return entries.compactMap { entry in papers[entry.pk].map { SearchHit(paper: $0, score: Double(entry.score)) } }
    }

    public func fillSimilarLists(limit: Int, refreshingBefore cutoff: Date) async throws -> Int {
        let logger = self.logger
        // As in SQLite, a negative limit means no limit.
        let bound = limit < 0 ? "ALL" : String(limit)
        let pks: [Int64] = try await read { connection in
            var pks = try await connection.all(PostgresQuery(unsafeSQL: """
                SELECT papers.pk FROM papers LEFT JOIN similar_lists ON similar_lists.paper_pk = papers.pk
                WHERE similar_lists.paper_pk IS NULL
                ORDER BY coalesce(papers.listed, papers.published) DESC NULLS LAST, papers.pk DESC LIMIT \(bound)
                """), logger).map { try $0.value(0, as: Int64.self) }
            if limit >= 0, pks.count < limit {
                pks += try await connection.all("""
                    SELECT paper_pk FROM similar_lists WHERE computed_at < \(cutoff.timeIntervalSince1970)
                    ORDER BY computed_at LIMIT \(limit - pks.count)
                    """, logger).map { try $0.value(0, as: Int64.self) }
            }
            return pks
        }
        return try await computeSimilarLists(for: pks).count
    }

    public func similarListsMissing() async throws -> Int {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("""
                SELECT count(*) FROM papers LEFT JOIN similar_lists ON similar_lists.paper_pk = papers.pk
                WHERE similar_lists.paper_pk IS NULL
                """, logger)[0].value(0, as: Int.self)
        }
    }

    /// Computes and stores the lists of papers `pks` (those still present).
    private func computeSimilarLists(for pks: [Int64]) async throws -> [Int64: [(Int64, Float)]] {
        guard !pks.isEmpty else { return [:] }
        let logger = self.logger
        let computedAt = now().timeIntervalSince1970
        let statistics = try await currentTermStatistics()
        let papers: [(Int64, Paper)] = try await read { connection in
            try await connection.all("""
                SELECT \(unescaped: PaperColumns.selection) FROM papers WHERE pk = ANY(\(pks))
                """, logger).map { (try $0.value(0, as: Int64.self), try PaperColumns.paper($0)) }
        }
        var lists: [Int64: [(Int64, Float)]] = [:]
        // One paper whose query fails gets an empty list (tried again when lists are
        // refreshed) rather than failing the batch; a database that fails every paper throws.
        var firstError: (any Error)?
        for (pk, paper) in papers {
            do {
                lists[pk] = try await moreLikeThis(paper, statistics: statistics)
            } catch {
                firstError = firstError ?? error
                lists[pk] = []
            }
        }
        if let firstError, lists.values.allSatisfy(\.isEmpty), !papers.isEmpty { throw firstError }
        try await transaction { [lists] connection in
            for (pk, list) in lists {
                // The paper may have gone since it was read; its list would have nothing to hang on.
                try await connection.run("""
                    INSERT INTO similar_lists (paper_pk, computed_at, paper_pks, scores)
                    SELECT pk, \(computedAt), \(list.map(\.0)), \(list.map(\.1)) FROM papers WHERE pk = \(pk)
                    ON CONFLICT (paper_pk) DO UPDATE SET computed_at = excluded.computed_at,
                        paper_pks = excluded.paper_pks, scores = excluded.scores
                    """, logger)
            }
        }
        return lists
    }

    /// One paper's similar papers, as every store finds them: its most distinctive title and
    /// abstract words, each a phrase weighted by how distinctive it is, ranked by bm25 with
    /// the title counting 2 and the abstract 1. The candidates scored are the 2,000 that
    /// PostgreSQL's own rank puts first, so a list costs one bounded read however common
    /// its words are.
    private func moreLikeThis(_ paper: Paper, statistics: PostgresTermStatistics) async throws -> [(Int64, Float)] {
        let words = MoreLikeThis.selectWords(MoreLikeThis.terms(of: paper), documentFrequency: statistics.frequencies,
                                             documents: statistics.documents)
        guard !words.isEmpty else { return [] }
        let query = TextQuery(groups: [words.map { TextQuery.Phrase($0.word, columns: [.title, .abstract], weight: $0.weight) }])
        var filter = PostgresFilter()
        filter.add("papers.terms @@ ", PostgresTextSearch.query(query), cast: "::tsquery")
        filter.add("papers.id <> ", paper.id.rawValue)
        let hits = try await scored(query, columnWeights: [2, 1, 0, 0], filter: filter, candidates: 2_000)
        let pks = try await rowKeys(hits.map(\.paper.id))
        return hits.sorted { ($0.score, $1.paper.id) > ($1.score, $0.paper.id) }
            .compactMap { hit in pks[hit.paper.id].map { ($0, Float(hit.score)) } }
            .prefix(MoreLikeThis.listLength).map { $0 }
    }

    /// The row keys of papers, by id.
    private func rowKeys(_ ids: [PaperID]) async throws -> [PaperID: Int64] {
        guard !ids.isEmpty else { return [:] }
        let logger = self.logger
        return try await read { connection in
            var keys: [PaperID: Int64] = [:]
            for row in try await connection.all("SELECT id, pk FROM papers WHERE id = ANY(\(ids.map(\.rawValue)))", logger) {
                if let id = PaperID.parse(try row.value(0, as: String.self))?.id { keys[id] = try row.value(1) }
            }
            return keys
        }
    }

    /// The term statistics: with `exact`, as of the latest change (reloaded when papers were
    /// written since); otherwise loaded first when missing or stale (see the type).
    func currentTermStatistics(exact: Bool = false) async throws -> PostgresTermStatistics {
        let logger = self.logger
        if let kept = termStatistics.withLock({ $0 }) {
            if exact {
                let latest = try await read { connection in
                    try await connection.all("SELECT coalesce(max(sequence), 0)::bigint FROM paper_changes", logger)[0].value(0, as: Int64.self)
                }
                if kept.sequence == latest { return kept }
                // A large corpus being written to (a fetch, an import) would be reread for
                // every query: there, statistics at most 30 seconds old are used.
                if kept.documents > 20_000, ContinuousClock.now - kept.loadedAt < .seconds(30) { return kept }
            } else if !kept.isStale(documents: try await count()) {
                return kept
            }
        }
        // One load at a time; callers arriving meanwhile wait for it.
        let (task, mine) = statisticsLoad.withLock { current -> (Task<PostgresTermStatistics, any Error>, Bool) in
            if let current { return (current, false) }
            let task = Task { try await self.loadTermStatistics() }
            current = task
            return (task, true)
        }
        defer { if mine { statisticsLoad.withLock { $0 = nil } } }
        let loaded = try await task.value
        termStatistics.withLock { $0 = loaded }
        return loaded
    }

    /// Reads the statistics in one snapshot.
    private func loadTermStatistics() async throws -> PostgresTermStatistics {
        let logger = self.logger
        return try await read { connection in
            // One snapshot for the sequence, the totals and the frequencies.
            try await connection.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger)
            do {
                let sequence = try await connection.all("SELECT coalesce(max(sequence), 0)::bigint FROM paper_changes", logger)[0]
                    .value(0, as: Int64.self)
                let totals = try await connection.all("SELECT count(*), coalesce(sum(term_count), 0)::bigint FROM papers", logger)[0]
                var frequencies: [String: Int] = [:]
                for row in try await connection.all("SELECT word, ndoc FROM ts_stat('SELECT terms FROM papers', 'ABC')", logger) {
                    frequencies[try row.value(0)] = try row.value(1)
                }
                try await connection.run("COMMIT", logger)
                return PostgresTermStatistics(sequence: sequence, documents: try totals.value(0), totalLength: try totals.value(1, as: Int.self),
                                              frequencies: frequencies, loadedAt: .now)
            } catch {
                try? await connection.run("ROLLBACK", logger)
                throw error
            }
        }
    }
}
