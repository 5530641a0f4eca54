/// One judged query as the ranker sees it: its candidates in fusion order with their features
/// (`RankingFeature` order), and the grades of whatever was judged for the query (candidates
/// or not: the ideal ordering of nDCG counts every relevant paper).
public struct RankingExample: Codable, Hashable, Sendable {
    public var query: String
    /// Where the query comes from ("scifact-train", "judged"): fitting weighs each source
    /// alike, whatever its number of queries.
    public var source: String
    public var candidates: [String]
    public var features: [[Double]]
    public var grades: [String: Int]

    public init(query: String, source: String, candidates: [String], features: [[Double]], grades: [String: Int]) {
        self.query = query
        self.source = source
        self.candidates = candidates
        self.features = features
        self.grades = grades
    }

    /// nDCG@10 of the candidates in `ranker`'s order.
    public func ndcg(_ ranker: LinearRanker) -> Double {
        let order = ranker.order(features)
        return RetrievalMetrics.ndcg(ranking: order.prefix(10).map { candidates[$0] }, relevant: grades)
    }
}
