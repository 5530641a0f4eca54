import Foundation

/// The two figures BEIR reports, averaged over queries: nDCG@10 (graded gain 2^rel - 1 —
/// the same as rel for BEIR's 0/1 judgments — discounted by log2(rank + 1), over the ideal
/// ordering) and recall@100 (the share of a query's relevant documents in its first 100).
public enum RetrievalMetrics {
    public static func ndcg(ranking: [String], relevant: [String: Int], at cutoff: Int = 10) -> Double {
        func gain(_ grade: Int) -> Double { pow(2, Double(grade)) - 1 }
        var dcg = 0.0
        for (rank, id) in ranking.prefix(cutoff).enumerated() {
            if let grade = relevant[id], grade > 0 { dcg += gain(grade) / log2(Double(rank + 2)) }
        }
        let ideal = relevant.values.filter { $0 > 0 }.sorted(by: >).prefix(cutoff).enumerated()
            .reduce(0.0) { $0 + gain($1.element) / log2(Double($1.offset + 2)) }
        return ideal > 0 ? dcg / ideal : 0
    }

    public static func recall(ranking: [String], relevant: [String: Int], at cutoff: Int = 100) -> Double {
        let wanted = Set(relevant.filter { $0.value > 0 }.keys)
        guard !wanted.isEmpty else { return 0 }
        return Double(Set(ranking.prefix(cutoff)).intersection(wanted).count) / Double(wanted.count)
    }
}
