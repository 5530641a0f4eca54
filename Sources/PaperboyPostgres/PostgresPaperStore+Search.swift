import Foundation
import PaperboyCore
import PostgresNIO

extension PostgresPaperStore {
    /// Full-text search with the scores of every other store: PostgreSQL finds the papers
    /// that match (the terms' GIN index, with the filters), and bm25 is computed here over
    /// them with the corpus's statistics (`TextIndex.matches(_:columnWeights:corpus:)`).
    ///
    /// Its cost grows with the number of matches, as FTS5's does. Servers answer searches
    /// from their keyword index (`PaperboySearch`), caught up from the change sequence; this
    /// is the reference and the answer while that index is being built.
    public func search(_ request: SearchRequest) async throws -> SearchResults {
        let query = request.query
        if let id = query.paperID {
            guard let paper = try await paper(id: id) else { return SearchResults(total: 0, hits: []) }
            return SearchResults(total: 1, hits: request.offset == 0 && request.limit > 0 ? [SearchHit(paper: paper, score: 0)] : [])
        }
        let limit = max(0, request.limit), offset = max(0, request.offset)
        var filter = PostgresFilter()
        if let since = request.since { filter.add("papers.published >= ", since.description) }
        if let until = request.until { filter.add("papers.published <= ", until.description) }
        filter.addDetails(of: query)
        guard let textQuery = TextQuery(query) else {
            // Only dates or details, or nothing positive: browse when there is a filter at all.
            let filtered = query.hasCode == true || !query.venues.isEmpty
                || (query.selectsNothing && (request.since != nil || request.until != nil))
            guard filtered, query.excluded.isEmpty else { return SearchResults(total: 0, hits: []) }
            return try await browse(filter, sort: request.sort, limit: limit, offset: offset)
        }
        filter.add("papers.terms @@ ", PostgresTextSearch.query(textQuery), cast: "::tsquery")
        if !query.hasRankingTerms || request.sort == .stars {
            // Filters only (`cat:cs.CV`): newest first, as a listing would be; or by stars.
            return try await browse(filter, sort: request.sort, limit: limit, offset: offset)
        }
        let ranked = try await scored(textQuery, columnWeights: TextIndex.searchWeights, filter: filter)
            .sorted { ($0.score, $1.paper.id) > ($1.score, $0.paper.id) }
        return SearchResults(total: ranked.count, hits: Array(ranked.dropFirst(offset).prefix(limit)))
    }

    /// The papers `query` matches among those `filter` admits, each with its bm25 score; with
    /// `candidates`, only that many of them, those PostgreSQL's `ts_rank` puts first.
    func scored(_ query: TextQuery, columnWeights: [Double], filter: PostgresFilter, candidates limit: Int? = nil) async throws -> [SearchHit] {
        let logger = self.logger
        let phrases = query.phrases.map(PostgresTextSearch.phrase)
        var filter = filter
        var tail = ""
        if let limit {
            // ts_rank's weights run D, C, B, A, each at most 1.
            let largest = max(columnWeights.max() ?? 1, 1e-9)
            let weights = TextIndex.Column.allCases.reversed()
                .map { String(($0.rawValue < columnWeights.count ? columnWeights[$0.rawValue] : 0) / largest) }.joined(separator: ",")
            let match = filter.bind(PostgresTextSearch.query(query))
            tail = " ORDER BY ts_rank('{\(weights)}'::float4[], papers.terms, $\(match)::tsquery) DESC LIMIT \(limit)"
        }
        let statistics = try await currentTermStatistics(exact: true)
        return try await read { [filter, tail] connection in
            let candidates = try await connection.all(filter.query(
                "SELECT \(PaperColumns.selection(qualifiedBy: "papers")) FROM papers WHERE ", then: tail), logger).map(PaperColumns.paper)
            guard !candidates.isEmpty else { return [] }
            // The corpus: all papers, their terms, and how many each phrase alone matches
            // (a plain word from the statistics, anything else counted now).
            var matches = phrases.map { _ in 0 }
            var counting = PostgresBindings()
            var columns: [String] = []
            var counted: [Int] = []
            for (index, phrase) in query.phrases.enumerated() {
                if let term = Self.plainWord(phrase) {
                    matches[index] = statistics.frequencies[term] ?? 0
                } else {
                    counting.append(phrases[index])
                    columns.append("count(*) FILTER (WHERE terms @@ $\(counting.count)::tsquery)")
                    counted.append(index)
                }
            }
            if !counted.isEmpty {
                counting.append(counted.map { "(\(phrases[$0]))" }.joined(separator: " | "))
                let counts = try await connection.all(PostgresQuery(unsafeSQL: """
                    SELECT \(columns.joined(separator: ", ")) FROM papers WHERE terms @@ $\(counting.count)::tsquery
                    """, binds: counting), logger)[0]
                for (column, index) in counted.enumerated() { matches[index] = try counts.value(column, as: Int.self) }
            }
            let corpus = TextIndex.CorpusStatistics(papers: statistics.documents, totalLength: statistics.totalLength, phraseMatches: matches)
            var index = TextIndex()
            var papers: [PaperID: Paper] = [:]
            for paper in candidates {
                index.index(paper)
                papers[paper.id] = paper
            }
            return index.matches(query, columnWeights: columnWeights, corpus: corpus).compactMap { id, score in
                papers[id].map { SearchHit(paper: $0, score: score) }
            }
        }
    }

    /// The term of a phrase that is one whole word in the title, abstract and authors (what a
    /// plain query word is), whose frequency the statistics hold.
    static func plainWord(_ phrase: TextQuery.Phrase) -> String? {
        guard phrase.terms.count == 1, !phrase.isPrefix, phrase.columns == [.title, .abstract, .authors],
              phrase.terms[0].count <= PostgresTextSearch.maximumLexemeBytes else { return nil }
        return String(decoding: phrase.terms[0], as: UTF8.self)
    }

    /// Papers `filter` admits, newest first (or by stars), a page of them and their count.
    private func browse(_ filter: PostgresFilter, sort: SearchRequest.Sort, limit: Int, offset: Int) async throws -> SearchResults {
        let logger = self.logger
        let order = switch sort {
        case .relevance: "papers.published DESC NULLS LAST, papers.id DESC"
        case .stars: "coalesce(papers.code_stars, -1) DESC, papers.published DESC NULLS LAST, papers.id DESC"
        }
        return try await read { connection in
            let total = try await connection.all(filter.query("SELECT count(*) FROM papers WHERE "), logger)[0].value(0, as: Int.self)
            let rows = try await connection.all(filter.query(
                "SELECT \(PaperColumns.selection(qualifiedBy: "papers")) FROM papers WHERE ",
                then: " ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)"), logger)
            return SearchResults(total: total, hits: try rows.map { SearchHit(paper: try PaperColumns.paper($0), score: 0) })
        }
    }

    public func papersAppeared(in days: ClosedRange<Day>, matching query: SearchQuery?, limit: Int) async throws -> [SearchHit] {
        var filter = PostgresFilter()
        filter.add("coalesce(papers.listed, papers.published) >= ", days.lowerBound.description)
        filter.add("coalesce(papers.listed, papers.published) <= ", days.upperBound.description)
        guard let query else { return try await mostVoted(filter, limit: limit) }
        filter.addDetails(of: query)
        guard let textQuery = TextQuery(query) else {
            // Details alone (`has:code`): the most voted among the papers they admit.
            guard query.filtersDetails, query.required.isEmpty, query.excluded.isEmpty, query.paperID == nil else { return [] }
            return try await mostVoted(filter, limit: limit)
        }
        filter.add("papers.terms @@ ", PostgresTextSearch.query(textQuery), cast: "::tsquery")
        // By relevance when the query has words (filters alone score all alike), then the
        // most voted, then id.
        let hits = try await scored(textQuery, columnWeights: TextIndex.searchWeights, filter: filter).map {
            SearchHit(paper: $0.paper, score: query.hasRankingTerms ? $0.score : 0)
        }
        return Array(hits.sorted(by: SearchHit.appearedOrder).prefix(max(0, limit)))
    }

    /// The most voted papers `filter` admits, the newer id first among equals.
    private func mostVoted(_ filter: PostgresFilter, limit: Int) async throws -> [SearchHit] {
        let logger = self.logger
        return try await read { connection in
            try await connection.all(filter.query(
                "SELECT coalesce(upvotes, 0) + votes AS score, \(PaperColumns.selection(qualifiedBy: "papers")) FROM papers WHERE ",
                then: " ORDER BY score DESC, papers.id DESC LIMIT \(max(0, limit))"), logger).map {
                SearchHit(paper: try PaperColumns.paper($0, from: 1), score: Double(try $0.value(0, as: Int.self)))
            }
        }
    }
}

/// A `WHERE` clause built from conditions and their parameters (never from user text).
struct PostgresFilter: Sendable {
    private var conditions: [String] = []
    private var binds = PostgresBindings()

    /// `expression $n` (cast as given) with `value` as the parameter.
    mutating func add(_ expression: String, _ value: String, cast: String = "") {
        conditions.append("\(expression)$\(bind(value))\(cast)")
    }

    /// A parameter for the query's tail: its number.
    mutating func bind(_ value: String) -> Int {
        binds.append(value)
        return binds.count
    }

    /// The query's detail filters (`has:code`, `venue:`).
    mutating func addDetails(of query: SearchQuery) {
        if let hasCode = query.hasCode {
            conditions.append(hasCode ? "papers.code_repository IS NOT NULL" : "papers.code_repository IS NULL")
        }
        for venue in query.venues {
            // Case-insensitive; the venue's own %, _ and \ are escaped, scalar by scalar.
            var pattern = "%"
            for scalar in venue.unicodeScalars {
                if scalar == "%" || scalar == "_" || scalar == "\\" { pattern.unicodeScalars.append("\\") }
                pattern.unicodeScalars.append(scalar)
            }
            add("papers.venue ILIKE ", pattern + "%")
        }
    }

    /// `head` + the conditions (or `true`) + `tail`.
    func query(_ head: String, then tail: String = "") -> PostgresQuery {
        PostgresQuery(unsafeSQL: head + (conditions.isEmpty ? "true" : conditions.joined(separator: " AND ")) + tail, binds: binds)
    }
}
