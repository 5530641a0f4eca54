import Foundation

/// zotero-arxiv-daily's ranking, the `decayed_cosine` reference of `paperboy eval recs`: a
/// candidate's score is the weighted mean cosine of its embedding to the library's, the
/// newest library paper weighing most: weights 1 / (1 + log10(rank)), rank 1 the newest,
/// normalised to sum to 1. Embeddings are unit length, so cosine is the dot product.
public enum DecayedCosine {
    /// `library` newest first.
    public static func scores(embeddings: DenseRows, libraryNewestFirst library: [Int], candidates: [Int]) -> [Float] {
        let raw = library.indices.map { 1 / (1 + log10(Double($0 + 1))) }
        let total = raw.reduce(0, +)
        // The weighted mean of dot products is the dot product with the weighted mean.
        var profile = [Float](repeating: 0, count: embeddings.width)
        profile.withUnsafeMutableBufferPointer { profile in
            for (rank, paper) in library.enumerated() { embeddings.add(paper, scaledBy: Float(raw[rank] / total), to: profile) }
        }
        var scores = [Float](repeating: -.infinity, count: embeddings.count)
        embeddings.dots(candidates, profile, into: &scores)
        return scores
    }
}
