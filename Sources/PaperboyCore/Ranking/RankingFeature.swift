/// What the ranker weighs for each candidate of a hybrid search, each in a bounded range so
/// one set of weights serves every query and corpus:
///
/// - relevance: `keywordRank` and `semanticRank` (reciprocal rank fusion's shares,
///   1/(k + rank), 0 when a leg did not find the paper), `keywordScore` (bm25 over the best
///   bm25 of the query), `cosine` (to the query's embedding), `sense` (the mean cosine to the
///   candidates readers voted for most, then the best fused: the meaning of the query they
///   share), `titleCoverage` and `coverage`
///   (the share of the query's words in the title, and anywhere, by idf), `proximity` (the
///   share of the query's neighbouring words that occur together, in order), `titleBM25` and
///   `abstractBM25` (each column's bm25 over the best among the candidates);
/// - priors, which know nothing of the query: `category` (1 when the paper has one of the
///   site's categories, 0 when it has others, ½ when it has none), `popularity` (log of
///   upvotes and votes), `recency` (halving each year).
public enum RankingFeature: String, CaseIterable, Codable, Hashable, Sendable {
    case keywordRank, semanticRank, keywordScore, cosine, sense, titleCoverage, coverage, proximity, titleBM25, abstractBM25
    case category, popularity, recency

    /// Priors move a paper by at most their weight times the spread of the relevance scores
    /// among the candidates (`LinearRanker`).
    public var isPrior: Bool { self == .category || self == .popularity || self == .recency }

    public var index: Int { RankingFeature.allCases.firstIndex(of: self)! }
}
