/// One page of trending papers.
public struct TrendingPage: Hashable, Sendable {
    /// The days the window covered (nil when the store has no papers at all).
    public var days: ClosedRange<Day>?
    /// Papers that appeared in the window.
    public var total: Int
    /// In trending order; `score` is the paper's vote count.
    public var hits: [SearchHit]

    public init(days: ClosedRange<Day>?, total: Int, hits: [SearchHit]) {
        self.days = days
        self.total = total
        self.hits = hits
    }
}
