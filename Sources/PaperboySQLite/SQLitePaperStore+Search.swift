import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore {
    /// Full-text search ranked by bm25 (title above abstract above authors).
    ///
    /// FTS5 must score every matching row, so the cost grows with the number of matches.
    /// The query is shaped so that only the page of top rows is joined to `papers`: the
    /// ranking and any date filter run on the FTS index alone, and the count runs without
    /// any ranking.
    public func search(_ request: SearchRequest) async throws -> SearchResults {
        let query = request.query
        if let id = query.paperID {
            guard let paper = try await paper(id: id) else { return SearchResults(total: 0, hits: []) }
            return SearchResults(total: 1, hits: request.offset == 0 && request.limit > 0 ? [SearchHit(paper: paper, score: 0)] : [])
        }
        let limit = max(0, request.limit), offset = max(0, request.offset)
        var (filter, filterArguments) = SQLitePaperStore.dateRange(request, on: "papers.published") { $0.description.databaseValue }
        let (details, detailArguments) = SQLitePaperStore.detailFilter(query)
        filter += details
        filterArguments += detailArguments
        guard let match = FTS5Query.expression(for: query) else {
            // Only dates or details, or nothing positive: browse when there is a filter at all.
            let filtered = query.hasCode == true || !query.venues.isEmpty || (query.selectsNothing && !filterArguments.isEmpty)
            guard filtered, query.excluded.isEmpty else { return SearchResults(total: 0, hits: []) }
            return try await browse(match: nil, filter: filter, arguments: filterArguments, sort: request.sort, limit: limit, offset: offset)
        }
        if !query.hasRankingTerms || request.sort == .stars {
            // Filters only (`cat:cs.CV`): newest first, as a listing would be; or by stars.
            return try await browse(match: match, filter: filter, arguments: filterArguments, sort: request.sort, limit: limit, offset: offset)
        }
        // Dates are tested on the index side (published days held in memory by rowid), so
        // that ranking and counting never join a match to `papers`; only the page is joined
        // (details, which the index does not hold, are looked up by row key).
        var (dayFilter, dayArguments) = SQLitePaperStore.dateRange(request, on: "\(PublishedDayFunction.functionName)(papers_fts)") {
            $0.number.databaseValue
        }
        if !details.isEmpty {
            dayFilter += " AND rowid IN (SELECT pk FROM papers WHERE 1\(details))"
            dayArguments += detailArguments
        }
        let rankExpression = ranking.expression
        return try await pool.read { [dayFilter, dayArguments] db in
            let arguments = StatementArguments([match]) + StatementArguments(dayArguments)
            let total = try Int.fetchOne(try db.cachedStatement(sql: """
                SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?\(dayFilter)
                """), arguments: arguments) ?? 0
            let rows = try Row.fetchAll(try db.cachedStatement(sql: """
                WITH top AS (
                    SELECT rowid, \(rankExpression) AS rank FROM papers_fts
                    WHERE papers_fts MATCH ?\(dayFilter) ORDER BY rank LIMIT ? OFFSET ?
                )
                SELECT top.rank, \(SQLitePaperStore.qualifiedColumns) FROM top JOIN papers ON papers.pk = top.rowid
                ORDER BY top.rank
                """), arguments: arguments + [limit, offset])
            let hits = try rows.map { row in
                SearchHit(paper: try PaperRecord.paper(row), score: -(row[0] as Double))
            }
            return SearchResults(total: total, hits: hits)
        }
    }

    /// ` AND expression >= ?` and ` AND expression <= ?` for the request's date range, with
    /// the days written as the expression stores them.
    private static func dateRange<Value>(_ request: SearchRequest, on expression: String,
                                         as value: (Day) -> Value) -> (String, [Value]) {
        var filter = ""
        var arguments: [Value] = []
        if let since = request.since {
            filter += " AND \(expression) >= ?"
            arguments.append(value(since))
        }
        if let until = request.until {
            filter += " AND \(expression) <= ?"
            arguments.append(value(until))
        }
        return (filter, arguments)
    }

    /// ` AND ...` for the query's detail filters (`has:code`, `venue:`), on `papers`' columns.
    static func detailFilter(_ query: SearchQuery) -> (String, [DatabaseValue]) {
        var filter = ""
        var arguments: [DatabaseValue] = []
        if let hasCode = query.hasCode {
            filter += hasCode ? " AND papers.code_repository IS NOT NULL" : " AND papers.code_repository IS NULL"
        }
        for venue in query.venues {
            // LIKE is case-insensitive for ASCII; the venue's own % and _ are escaped.
            filter += " AND papers.venue LIKE ? ESCAPE '\\'"
            var pattern = "%"
            for scalar in venue.unicodeScalars {
                if scalar == "%" || scalar == "_" || scalar == "\\" { pattern.unicodeScalars.append("\\") }
                pattern.unicodeScalars.append(scalar)
            }
            arguments.append((pattern + "%").databaseValue)
        }
        return (filter, arguments)
    }

    static let qualifiedColumns = PaperRecord.selection(qualifiedBy: "papers")

    /// Papers matching the filters, newest first. A large match set is read by walking the
    /// date index from the newest paper (stopping at the page), a small one by sorting its
    /// matches: both stay within a few milliseconds, where sorting 39,000 cs.CV papers took 70.
    private func browse(match: String?, filter: String, arguments filterArguments: [DatabaseValue],
                        sort: SearchRequest.Sort, limit: Int, offset: Int) async throws -> SearchResults {
        try await pool.read { db in
            var condition = "1" + filter
            var arguments = filterArguments
            if let match {
                condition = "pk IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)" + filter
                arguments = [match.databaseValue] + filterArguments
            }
            let total: Int
            if let match, filterArguments.isEmpty, filter.isEmpty {
                total = try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?"),
                                         arguments: [match]) ?? 0
            } else {
                total = try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM papers WHERE \(condition)"),
                                         arguments: StatementArguments(arguments)) ?? 0
            }
            let order: String
            switch sort {
            case .relevance:
                let walkDateIndex = total > SQLitePaperStore.sortLimit
                order = "\(walkDateIndex ? "INDEXED BY papers_published" : "") WHERE \(condition) ORDER BY published DESC, pk DESC"
            case .stars:
                order = "WHERE \(condition) ORDER BY coalesce(code_stars, -1) DESC, published DESC, id DESC"
            }
            let rows = try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT \(PaperRecord.selection) FROM papers \(order) LIMIT ? OFFSET ?
                """), arguments: StatementArguments(arguments) + [limit, offset])
            return SearchResults(total: total, hits: try rows.map { SearchHit(paper: try PaperRecord.paper($0), score: 0) })
        }
    }

    /// Up to this many matches, sorting them by date beats walking the date index.
    static let sortLimit = 2_000
}
