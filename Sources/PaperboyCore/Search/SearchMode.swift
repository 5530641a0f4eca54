/// How a search ranks papers.
public enum SearchMode: String, CaseIterable, Hashable, Sendable {
    /// BM25 over the words, every word required (the query syntax: phrases, fields, OR, -x).
    case keyword
    /// Cosine between the query's embedding and every paper's.
    case semantic
    /// Reciprocal rank fusion of BM25 over any of the words and of the semantic ranking.
    case hybrid
}
