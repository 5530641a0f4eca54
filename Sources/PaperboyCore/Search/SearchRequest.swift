import Foundation

/// What a search asks for: the parsed query plus the filters the CLI and API expose as options.
public struct SearchRequest: Hashable, Sendable {
    public var query: SearchQuery
    public var since: Day?
    public var until: Day?
    public var limit: Int
    public var offset: Int
    public var sort: Sort

    /// The order of the results.
    public enum Sort: String, Hashable, Sendable, CaseIterable {
        /// The best match first (for a query of filters only, the newest first).
        case relevance
        /// The most starred code first (papers without stars last), then the newest.
        case stars
    }

    public init(query: SearchQuery, since: Day? = nil, until: Day? = nil, limit: Int = 20, offset: Int = 0, sort: Sort = .relevance) {
        self.query = query
        self.since = since
        self.until = until
        self.limit = limit
        self.offset = offset
        self.sort = sort
    }
}
