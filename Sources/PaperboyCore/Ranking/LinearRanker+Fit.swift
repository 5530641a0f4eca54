import Foundation

extension LinearRanker {
    /// Learns weights by coordinate ascent on nDCG@10 (Metzler and Croft's method for linear
    /// rankers): starting from `start`, each round takes the features in turn, tries each one's
    /// weight a few steps up and down and keeps its best step, until a round gains no more than
    /// `minimumGain`. The
    /// objective is the mean over sources of each source's mean nDCG@10, so 71 judged queries
    /// count as much as 809 SciFact ones. Deterministic: features and steps in a fixed order.
    /// Features in `start.off` stay at 0; priors stay within 0...`priorCap`.
    public static func fit(_ examples: [RankingExample], start: LinearRanker = .fusionOnly, rounds: Int = 40,
                           minimumGain: Double = 1e-5) -> LinearRanker {
        let prepared = Prepared(examples)
        var best = start
        var bestScore = prepared.objective(best)
        let steps = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1].flatMap { [$0, -$0] }
        for _ in 0..<rounds {
            var improved = false
            for feature in RankingFeature.allCases where !start.off.contains(feature) {
                var roundBest = best, roundScore = bestScore
                for step in steps {
                    var trial = best
                    var weight = (trial.weights[feature] ?? 0) + step
                    if feature.isPrior { weight = min(priorCap, max(0, weight)) }
                    trial.weights[feature] = weight
                    let score = prepared.objective(trial)
                    if score > roundScore + minimumGain {
                        roundBest = trial
                        roundScore = score
                    }
                }
                if roundScore > bestScore {
                    best = roundBest
                    bestScore = roundScore
                    improved = true
                }
            }
            if !improved { break }
        }
        best.weights = best.weights.filter { $0.value != 0 }.mapValues { ($0 * 10_000).rounded() / 10_000 }
        return best
    }

    /// The mean nDCG@10 per source under this ranker.
    public func ndcg(bySource examples: [RankingExample]) -> [String: Double] {
        Dictionary(grouping: examples, by: \.source).mapValues { group in
            group.reduce(0.0) { $0 + $1.ndcg(self) } / Double(group.count)
        }
    }

    /// Examples with their gains and ideal DCG worked out once: fitting scores them thousands
    /// of times.
    struct Prepared {
        var features: [[[Double]]] = []
        var gains: [[Double]] = []
        var ideal: [Double] = []
        var weight: [Double] = []

        init(_ examples: [RankingExample]) {
            let perSource = Dictionary(grouping: examples, by: \.source).mapValues(\.count)
            for example in examples {
                features.append(example.features)
                gains.append(example.candidates.map { pow(2, Double(max(0, example.grades[$0] ?? 0))) - 1 })
                ideal.append(example.grades.values.filter { $0 > 0 }.sorted(by: >).prefix(10).enumerated()
                    .reduce(0.0) { $0 + (pow(2, Double($1.element)) - 1) / log2(Double($1.offset + 2)) })
                weight.append(1 / Double(perSource[example.source]!) / Double(perSource.count))
            }
        }

        func objective(_ ranker: LinearRanker) -> Double {
            var total = 0.0
            for index in features.indices where ideal[index] > 0 {
                let order = ranker.order(features[index])
                var dcg = 0.0
                for (rank, candidate) in order.prefix(10).enumerated() { dcg += gains[index][candidate] / log2(Double(rank + 2)) }
                total += weight[index] * dcg / ideal[index]
            }
            return total
        }
    }
}
