import Foundation

/// What a search asks for: the parsed query plus the filters the CLI and API expose as options.
public struct SearchRequest: Hashable, Sendable {
    public var query: SearchQuery
    public var since: Day?
    public var until: Day?
    public var limit: Int
    public var offset: Int

    public init(query: SearchQuery, since: Day? = nil, until: Day? = nil, limit: Int = 20, offset: Int = 0) {
        self.query = query
        self.since = since
        self.until = until
        self.limit = limit
        self.offset = offset
    }
}
