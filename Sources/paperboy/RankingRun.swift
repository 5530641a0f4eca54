import Foundation
import PaperboyCore
import PaperboySearch

/// Hybrid search's pieces for a list of queries, run once, so that several rankers (the
/// learned one, plain fusion, each feature left out) are scored on the same candidates, and
/// the candidates' features can be saved for `eval fit-ranking`.
struct RankingRun {
    var keyword: [[String]] = []
    var semantic: [[String]] = []
    var candidates: [PaperSearcher.Candidates] = []
    /// A paper's id as the judgments name it.
    let name: @Sendable (PaperID) -> String?

    init(searcher: PaperSearcher, queries: [String], name: @escaping @Sendable (PaperID) -> String?,
         progress: ((Int) -> Void)? = nil) async throws {
        self.name = name
        for (number, query) in queries.enumerated() {
            let request = SearchRequest(query: SearchQuery.parse(query), limit: searcher.depth)
            let legs = try await searcher.legs(request)
            keyword.append(legs.keyword.compactMap { name($0.id) })
            semantic.append(legs.semantic.compactMap { name($0.id) })
            candidates.append(try await searcher.candidates(legs))
            progress?(number + 1)
        }
    }

    /// Each query's ranking under `ranker`.
    func rankings(_ ranker: LinearRanker) -> [[String]] {
        candidates.map { PaperSearcher.ranking($0, by: ranker).compactMap { name($0.id) } }
    }

    /// Each query's ranking by reciprocal rank fusion alone.
    var fused: [[String]] { candidates.map { $0.fused.compactMap { name($0.id) } } }

    func examples(queries: [String], grades: [[String: Int]], source: String) -> [RankingExample] {
        zip(zip(queries, grades), candidates).map { pair, candidates in
            RankingExample(query: pair.0, source: source, candidates: candidates.head.map { name($0) ?? $0.rawValue },
                           features: candidates.features, grades: pair.1)
        }
    }

    /// Writes examples as JSON for `eval fit-ranking`.
    static func write(_ examples: [RankingExample], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(examples).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The learned ranker's figure with each feature switched off in turn (nothing refitted):
    /// what each feature adds to this set.
    func ablation(_ ranker: LinearRanker, score: ([[String]]) -> Double) -> [(feature: String, ndcg: Double)] {
        var rows = [("all features", score(rankings(ranker))), ("fusion only", score(rankings(.fusionOnly)))]
        for feature in RankingFeature.allCases where ranker.weight(feature) != 0 && feature != .keywordRank && feature != .semanticRank {
            var without = ranker
            without.off.insert(feature)
            rows.append(("without \(feature.rawValue)", score(rankings(without))))
        }
        return rows
    }
}
