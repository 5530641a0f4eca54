/// The features of a hybrid search's candidates (`RankingFeature` order), from the two legs
/// (ids with bm25 scores and cosines, best first), what the indexes say of each candidate,
/// and the papers' facts for the priors.
public struct RankingCandidates: Sendable {
    public var keyword: [(id: PaperID, score: Double)]
    public var semantic: [(id: PaperID, score: Double)]
    /// Reciprocal rank fusion's k for the rank features (`RankFusion.hybrid.k`).
    public var k: Double

    public init(keyword: [(id: PaperID, score: Double)], semantic: [(id: PaperID, score: Double)], k: Double) {
        self.keyword = keyword
        self.semantic = semantic
        self.k = k
    }

    /// Each of `candidates`' features: the legs give ranks and scores (a candidate a leg did
    /// not find gets no rank share and that leg's lowest score, an upper bound of its own);
    /// `cosines` the exact cosine to the query, `sense` the mean cosine to the sense's
    /// anchors (`PaperSearcher.senseAnchors`), `text` the positions' features, `facts` the priors' inputs.
    public func rows(_ candidates: [PaperID], cosines: [PaperID: Double], sense: [PaperID: Double],
                     text: [PaperID: TextMatchFeatures], facts: [PaperID: PaperFacts], priors: RankingPriors) -> [[Double]] {
        let keywordRank = Dictionary(keyword.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let semanticRank = Dictionary(semantic.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let bestBM25 = keyword.map(\.score).max() ?? 0
        let lowestBM25 = keyword.map(\.score).min() ?? 0
        let lowestCosine = semantic.map(\.score).min() ?? 0
        let bestTitle = candidates.compactMap { text[$0]?.titleBM25 }.max() ?? 0
        let bestAbstract = candidates.compactMap { text[$0]?.abstractBM25 }.max() ?? 0
        return candidates.map { id in
            var row = Array(repeating: 0.0, count: RankingFeature.allCases.count)
            func set(_ feature: RankingFeature, _ value: Double) { row[feature.index] = value.isFinite ? value : 0 }
            if let rank = keywordRank[id] { set(.keywordRank, 1 / (k + Double(rank + 1))) }
            if let rank = semanticRank[id] { set(.semanticRank, 1 / (k + Double(rank + 1))) }
            let bm25 = keywordRank[id].map { keyword[$0].score } ?? lowestBM25
            set(.keywordScore, bestBM25 > 0 ? bm25 / bestBM25 : 0)
            set(.cosine, cosines[id] ?? semanticRank[id].map { semantic[$0].score } ?? lowestCosine)
            set(.sense, sense[id] ?? 0)
            let match = text[id] ?? TextMatchFeatures()
            set(.titleCoverage, match.titleCoverage)
            set(.coverage, match.coverage)
            set(.proximity, match.proximity)
            set(.titleBM25, bestTitle > 0 ? match.titleBM25 / bestTitle : 0)
            set(.abstractBM25, bestAbstract > 0 ? match.abstractBM25 / bestAbstract : 0)
            if let paper = facts[id] {
                set(.category, priors.category(of: paper))
                set(.popularity, priors.popularity(of: paper))
                set(.recency, priors.recency(of: paper))
            } else {
                set(.category, 0.5)
            }
            return row
        }
    }
}
