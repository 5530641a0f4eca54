/// Why a reader model recommends a paper, as the "For you" page and the digest say it: the
/// saved paper it is most like ("like *Title*, which you saved") and the words that weigh
/// most for it.
public struct RecommendationReason: Sendable, Equatable {
    /// The library paper whose embedding is nearest the candidate's, with the cosine.
    public var nearest: (index: Int, cosine: Float)?
    /// The candidate's words (and word pairs) that add most to its score, heaviest first.
    public var words: [String]

    public static func == (a: Self, b: Self) -> Bool {
        a.words == b.words && a.nearest?.index == b.nearest?.index && a.nearest?.cosine == b.nearest?.cosine
    }

    /// - Parameters:
    ///   - terms: the word features' names, by column (`TfidfVectorizer.terms`).
    ///   - library: the reader's saved papers (row indexes).
    public static func explain(_ candidate: Int, model: ReaderModel, words: SparseRows, terms: PackedStrings,
                               embeddings: DenseRows, library: [Int], limit: Int = 3) -> RecommendationReason {
        // Each present word adds weight × tf-idf; only those adding something are reasons.
        var contributions: [(column: Int, amount: Double)] = []
        for (column, value) in words.entries(of: candidate) {
            let amount = model.wordWeight(Int(column)) * Double(value)
            if amount > 0 { contributions.append((Int(column), amount)) }
        }
        contributions.sort { $0.amount != $1.amount ? $0.amount > $1.amount : $0.column < $1.column }
        var nearest: (index: Int, cosine: Float)?
        let vector = embeddings.row(candidate)
        vector.withUnsafeBufferPointer { vector in
            for saved in library where saved != candidate {
                let cosine = embeddings.dot(saved, vector)
                if nearest == nil || cosine > nearest!.cosine { nearest = (saved, cosine) }
            }
        }
        return RecommendationReason(nearest: nearest, words: contributions.prefix(limit).map { terms[$0.column] })
    }
}
