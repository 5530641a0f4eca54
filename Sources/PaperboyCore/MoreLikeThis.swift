import Foundation

/// Picks the words that best describe a paper, to find similar papers with a BM25 query
/// ("more like this"): words frequent in the paper and rare in the collection.
public enum MoreLikeThis {
    /// One distinct term of the paper: its stem as the index stores it, the word as written
    /// (what a query must contain, since the index stems query words again) and how often
    /// it occurs, title occurrences counting `titleWeight` times.
    public struct Term: Hashable, Sendable {
        public var stem: String
        public var word: String
        public var frequency: Double

        public init(stem: String, word: String, frequency: Double) {
            self.stem = stem
            self.word = word
            self.frequency = frequency
        }
    }

    public static let titleWeight = 3.0
    /// Terms in more than this share of all papers say little about any one of them.
    public static let maximumDocumentShare = 0.08

    /// Up to `limit` words, best first, by tf·idf. A term is left out when no other paper has
    /// it (it cannot find anything), when it is too common, or when it is a bare number.
    public static func selectWords(_ terms: [Term], documentFrequency: [String: Int], documents: Int,
                                   limit: Int = 20) -> [String] {
        guard documents > 1 else { return [] }
        let ceiling = max(2, Int(Double(documents) * maximumDocumentShare))
        let scored: [(word: String, stem: String, score: Double)] = terms.compactMap { term in
            guard let df = documentFrequency[term.stem], df >= 2, df <= ceiling,
                  term.stem.count >= 2, !term.stem.allSatisfy(\.isNumber) else { return nil }
            let idf = log(Double(documents) / Double(df))
            return (term.word, term.stem, term.frequency * idf)
        }
        return scored.sorted { ($0.score, $1.stem) > ($1.score, $0.stem) }.prefix(limit).map(\.word)
    }
}
