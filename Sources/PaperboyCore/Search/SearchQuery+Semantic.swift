extension SearchQuery {
    /// The query as BM25 sees it when ranking rather than filtering: any of its words may
    /// match (a paper with more of them, and rarer ones, scores higher), with function words
    /// dropped, which match nearly every paper, cost the most and score almost nothing.
    /// Phrases, field terms, exclusions and categories stay as typed. This is the keyword
    /// side of hybrid search, and what BEIR's BM25 baseline does with natural-language queries.
    public var anyWords: SearchQuery {
        let terms = required.flatMap { $0 }
        let content = terms.filter { !SearchQuery.isFunctionWord($0) }
        var relaxed = self
        let kept = content.isEmpty ? terms : content
        var seen = Set<Term>()
        let distinct = kept.filter { seen.insert(Term($0.text.lowercased(), field: $0.field, isPrefix: $0.isPrefix)).inserted }
        relaxed.required = distinct.isEmpty ? [] : [distinct]
        return relaxed
    }

    /// What the query means, to embed: its words, without fields' filters (authors,
    /// categories) or exclusions.
    public var meaningText: String {
        required.flatMap { $0 }.filter { $0.field != .authors }.map(\.text).joined(separator: " ")
    }

    /// True when the query asks for more than its meaning: categories, authors or exclusions,
    /// which semantic ranking checks on each candidate (`admits`).
    public var hasFilters: Bool {
        !categories.isEmpty || !excludedCategories.isEmpty || !excluded.isEmpty || filtersDetails
            || required.contains { group in group.allSatisfy { $0.field == .authors } }
    }

    private static func isFunctionWord(_ term: Term) -> Bool {
        term.field != .authors && !term.isPrefix && !term.text.contains(where: \.isWhitespace)
            && MoreLikeThis.stopwords.contains(term.text.lowercased())
    }
}

extension SearchRequest {
    /// Whether `paper` passes the request's filters (categories, author groups, exclusions
    /// and dates), for rankings that do not come from the keyword index. Words are matched
    /// case-insensitively as substrings, close to what the index's tokens do.
    public func admits(_ paper: Paper) -> Bool {
        if let since, !(paper.published.map { $0 >= since } ?? false) { return false }
        if let until, !(paper.published.map { $0 <= until } ?? false) { return false }
        let categories = paper.categories.map { $0.lowercased() }
        func inCategory(_ wanted: String) -> Bool {
            let wanted = wanted.lowercased()
            return categories.contains { $0 == wanted || $0.hasPrefix(wanted + ".") }
        }
        guard query.categories.allSatisfy(inCategory), !query.excludedCategories.contains(where: inCategory),
              query.admitsDetails(of: paper) else { return false }
        let authors = paper.authors.joined(separator: ", ").lowercased()
        for group in query.required where group.allSatisfy({ $0.field == .authors }) {
            guard group.contains(where: { authors.contains($0.text.lowercased()) }) else { return false }
        }
        if !query.excluded.isEmpty {
            let text = (paper.title + " " + (paper.abstract ?? "")).lowercased()
            for term in query.excluded {
                let haystack = term.field == .authors ? authors : text
                if haystack.contains(term.text.lowercased()) { return false }
            }
        }
        return true
    }
}
