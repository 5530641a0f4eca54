import Foundation

extension SearchRequest {
    /// A filter a reader gave that cannot be searched, named by its parameter.
    public struct Invalid: Error, Equatable, Sendable {
        public var parameter: String
        public var reason: String
    }

    /// The one way a search is built from what a reader typed, on the site, in the API and
    /// in the CLI: the query text in the query syntax, plus category and author filters
    /// (each required) and a published-date range (`until` before `since` matches nothing,
    /// as it says), and the order (`relevance` or `stars`). Blank filters are ignored; a
    /// category outside `[A-Za-z0-9.-]` or an unknown order is refused.
    public static func build(text: String, categories: [String] = [], authors: [String] = [], since: Day? = nil, until: Day? = nil,
                             limit: Int, offset: Int, sort: String? = nil) throws(Invalid) -> SearchRequest {
        let order: Sort
        if let sort = sort?.trimmingWhitespace(), !sort.isEmpty {
            guard let known = Sort(rawValue: String(sort)) else {
                throw Invalid(parameter: "sort", reason: "'\(sort)' is not an order: use relevance or stars")
            }
            order = known
        } else {
            order = .relevance
        }
        var query = SearchQuery.parse(text)
        for category in categories.map({ $0.trimmingWhitespace() }) where !category.isEmpty {
            guard category.count <= 40, category.unicodeScalars.allSatisfy(isCategoryFilterScalar) else {
                throw Invalid(parameter: "category", reason: "'\(category)' is not a category such as cs.CV")
            }
            query.categories.append(String(category))
        }
        // An author with no letter or digit has no word to match.
        for author in authors where author.contains(where: { $0.isLetter || $0.isNumber }) {
            query.required.append([SearchQuery.Term(author, field: .authors)])
        }
        return SearchRequest(query: query, since: since, until: until, limit: limit, offset: offset, sort: order)
    }

    private static func isCategoryFilterScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-")
    }
}
