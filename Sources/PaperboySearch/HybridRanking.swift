import Foundation
import PaperboyCore

/// How hybrid search orders what its two legs found: reciprocal rank fusion picks the
/// candidates, then `ranker` re-orders the first `depth` of them by their features
/// (`RankingFeature`), computed for those few papers only.
public struct HybridRanking: Sendable {
    public var ranker: LinearRanker
    /// The site's categories, for the category prior.
    public var categories: [String]
    /// Today, for the recency prior (the process's one clock).
    public var today: @Sendable () -> Day
    /// How many of the fused candidates are re-ranked; the rest follow in fusion order.
    public var depth = 30
    /// This many candidates give the query its sense (`RankingFeature.sense`, `PaperSearcher.senseAnchors`).
    public var senseAnchors = 10

    public init(ranker: LinearRanker = .learned, categories: [String] = HybridRanking.defaultCategories,
                today: @escaping @Sendable () -> Day = { Day(Date()) }) {
        self.ranker = ranker
        self.categories = categories
        self.today = today
    }

    /// The categories a site fetches by default (`PAPERBOY_ARXIV_CATEGORIES`).
    public static let defaultCategories = ["cs.AI", "cs.CL", "cs.CV", "cs.LG"]
}
