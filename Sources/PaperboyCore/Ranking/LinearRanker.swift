/// The hybrid ranking's scorer: a weighted sum of a candidate's relevance features, plus its
/// priors scaled to the query (`RankingFeature`). A prior adds at most its weight (at most
/// `priorCap`) times the spread of the relevance scores among the query's candidates, so no
/// prior alone can lift the least relevant candidate over the most relevant one: priors
/// reorder papers that are close in relevance, as "diffusion" models over diffusion MRI.
///
/// The weights are learned (`LinearRanker.fit`, `paperboy eval fit-ranking`) and kept in
/// `LinearRanker+Learned.swift`; features can be switched off (`PAPERBOY_RANKING_OFF`).
public struct LinearRanker: Hashable, Sendable {
    public var weights: [RankingFeature: Double]
    /// Features left out of the score (their weight counts as 0).
    public var off: Set<RankingFeature> = []

    public static let priorCap = 0.25

    public init(weights: [RankingFeature: Double], off: Set<RankingFeature> = []) {
        self.weights = weights
        self.off = off
    }

    /// Reciprocal rank fusion as a ranker: the two legs' shares, nothing else.
    public static let fusionOnly = LinearRanker(weights: [.keywordRank: 1, .semanticRank: 1])

    /// The weight of `feature` as scoring uses it.
    public func weight(_ feature: RankingFeature) -> Double {
        guard !off.contains(feature) else { return 0 }
        let weight = weights[feature] ?? 0
        return feature.isPrior ? min(LinearRanker.priorCap, max(0, weight)) : weight
    }

    /// The score of each candidate of one query (rows of features in `RankingFeature` order).
    public func scores(_ candidates: [[Double]]) -> [Double] {
        let all = RankingFeature.allCases
        let relevance = all.filter { !$0.isPrior }.map { ($0.index, weight($0)) }.filter { $0.1 != 0 }
        let priors = all.filter(\.isPrior).map { ($0.index, weight($0)) }.filter { $0.1 != 0 }
        let base = candidates.map { row in relevance.reduce(0.0) { $0 + $1.1 * row[$1.0] } }
        guard !priors.isEmpty, let low = base.min(), let high = base.max() else { return base }
        let spread = high - low
        return zip(base, candidates).map { score, row in score + spread * priors.reduce(0.0) { $0 + $1.1 * row[$1.0] } }
    }

    /// The order of the candidates, best first (equal scores keep their given order).
    public func order(_ candidates: [[Double]]) -> [Int] { LinearRanker.order(scores(candidates)) }

    /// Indices by score, best first; equal scores keep their given order.
    public static func order(_ scores: [Double]) -> [Int] {
        scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
    }
}

extension LinearRanker: Codable {
    /// `{"weights": {"cosine": 0.4, ...}, "off": ["recency"]}`.
    enum CodingKeys: String, CodingKey { case weights, off }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let named = try container.decode([String: Double].self, forKey: .weights)
        var weights: [RankingFeature: Double] = [:]
        for (name, weight) in named {
            guard let feature = RankingFeature(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .weights, in: container, debugDescription: "unknown ranking feature \(name)")
            }
            weights[feature] = weight
        }
        self.init(weights: weights, off: try container.decodeIfPresent(Set<RankingFeature>.self, forKey: .off) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Dictionary(uniqueKeysWithValues: weights.map { ($0.rawValue, $1) }), forKey: .weights)
        if !off.isEmpty { try container.encode(off.map(\.rawValue).sorted(), forKey: .off) }
    }
}
