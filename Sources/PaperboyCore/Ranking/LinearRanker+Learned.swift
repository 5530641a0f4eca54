extension LinearRanker {
    /// The weights hybrid search uses, learned by `scripts/fit-ranking.sh` from SciFact's
    /// train queries and the judged set (`paperboy eval fit-ranking`; BENCHMARKS.md has the
    /// figures). Do not edit by hand: run the script.
    public static let learned = LinearRanker(
        weights: [
            .keywordRank: 0.97,
            .semanticRank: 1.01,
            .keywordScore: 0.04,
            .cosine: 0.107,
            .sense: 0.3,
            .titleCoverage: 0.104,
            .coverage: 0.13,
            .proximity: 0.094,
            .titleBM25: -0.029,
            .abstractBM25: 0.009,
            .category: 0.03,
            .recency: 0.006,
        ])
}
