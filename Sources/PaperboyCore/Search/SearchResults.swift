import Foundation

public struct SearchResults: Hashable, Sendable {
    public var total: Int
    public var hits: [SearchHit]

    public init(total: Int, hits: [SearchHit]) {
        self.total = total
        self.hits = hits
    }
}
