import Foundation
import PaperboyCore

extension InMemoryPaperStore {
    /// Full-text search through `TextIndex`, answered as the SQLite store answers it: ranked
    /// by bm25 when the query has words (ties in id order), newest first when it has only
    /// filters, a paper id answered directly.
    public func search(_ request: SearchRequest) -> SearchResults {
        let query = request.query
        if let id = query.paperID {
            guard let paper = papers[id] else { return SearchResults(total: 0, hits: []) }
            return SearchResults(total: 1, hits: request.offset == 0 && request.limit > 0 ? [SearchHit(paper: paper, score: 0)] : [])
        }
        let limit = max(0, request.limit), offset = max(0, request.offset)
        func admitted(_ paper: Paper) -> Bool {
            if let since = request.since, !(paper.published.map { $0 >= since } ?? false) { return false }
            if let until = request.until, !(paper.published.map { $0 <= until } ?? false) { return false }
            return query.admitsDetails(of: paper)
        }
        let order = request.sort == .stars ? InMemoryPaperStore.mostStarredFirst : InMemoryPaperStore.newestFirst
        guard let textQuery = TextQuery(query) else {
            // Nothing positive: with dates or details, browse every paper they admit (as SQLite
            // does, an excluded category is not applied then; an excluded word selects nothing).
            let filtered = query.hasCode == true || !query.venues.isEmpty
                || (query.selectsNothing && (request.since != nil || request.until != nil))
            guard filtered, query.excluded.isEmpty else { return SearchResults(total: 0, hits: []) }
            let listed = papers.values.filter(admitted).sorted(by: order)
            return SearchResults(total: listed.count, hits: page(listed, offset, limit).map { SearchHit(paper: $0, score: 0) })
        }
        let matches = textIndex.matches(textQuery).compactMap { id, score in
            papers[id].flatMap { admitted($0) ? SearchHit(paper: $0, score: score) : nil }
        }
        if !query.hasRankingTerms || request.sort == .stars {
            // Filters only (`cat:cs.CV`): newest first, as a listing would be; or by stars.
            let listed = matches.map(\.paper).sorted(by: order)
            return SearchResults(total: listed.count, hits: page(listed, offset, limit).map { SearchHit(paper: $0, score: 0) })
        }
        let ranked = matches.sorted { ($0.score, $1.paper.id) > ($1.score, $0.paper.id) }
        return SearchResults(total: ranked.count, hits: page(ranked, offset, limit))
    }

    public func papersAppeared(in days: ClosedRange<Day>, matching query: SearchQuery?, limit: Int) -> [SearchHit] {
        var appeared = papers.values.filter { $0.appeared.map(days.contains) ?? false }
        if let query { appeared = appeared.filter(query.admitsDetails) }
        let detailsOnly = query.map { $0.filtersDetails && TextQuery($0) == nil && $0.required.isEmpty && $0.excluded.isEmpty && $0.paperID == nil }
        if query == nil || detailsOnly == true {
            // The most voted, newest id first among equals.
            return Array(appeared.map { SearchHit(paper: $0, score: Double($0.totalUpvotes ?? 0)) }
                .sorted { ($0.score, $0.paper.id) > ($1.score, $1.paper.id) }
                .prefix(max(0, limit)))
        }
        guard let query, let textQuery = TextQuery(query) else { return [] }
        let scores = textIndex.matches(textQuery)
        // By relevance when the query has words (filters alone score all alike), then the
        // most voted, then id.
        let hits = appeared.compactMap { paper in
            scores[paper.id].map { SearchHit(paper: paper, score: query.hasRankingTerms ? $0 : 0) }
        }
        return Array(hits.sorted(by: SearchHit.appearedOrder).prefix(max(0, limit)))
    }

    /// Newest published first, papers without a date last (as SQLite sorts NULL in a
    /// descending order), then the higher id.
    static func newestFirst(_ a: Paper, _ b: Paper) -> Bool {
        switch (a.published, b.published) {
        case let (x?, y?) where x != y: x > y
        case (_?, nil): true
        case (nil, _?): false
        default: a.id > b.id
        }
    }

    /// The most starred code first, papers without stars last, then as `newestFirst`.
    static func mostStarredFirst(_ a: Paper, _ b: Paper) -> Bool {
        let starsA = a.codeStars ?? -1, starsB = b.codeStars ?? -1
        return starsA != starsB ? starsA > starsB : newestFirst(a, b)
    }

    func page<Item>(_ items: [Item], _ offset: Int, _ limit: Int) -> [Item] {
        Array(items.dropFirst(offset).prefix(limit))
    }
}
