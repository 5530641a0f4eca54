/// Where a recommendation corpus's embeddings are read: rows it keeps itself (`DenseRows`), or
/// an index that holds the same int8 codes already (the server's vector graph), so that every
/// embedding is not kept twice. A model asks only for the rows it uses: its training sample,
/// the candidates it scores, the papers a reason compares.
public protocol EmbeddingRows: Sendable {
    /// The corpus's height.
    var count: Int { get }

    /// Rows of the corpus's height in which at least `rows` hold their embeddings (the rest
    /// may be zeros, as are the rows of papers with none).
    func gathering(_ rows: [Int]) -> DenseRows
}

extension DenseRows: EmbeddingRows {
    /// Every row is here already.
    public func gathering(_ rows: [Int]) -> DenseRows { self }
}
