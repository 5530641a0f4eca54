import PaperboyCore

/// A recommendation corpus's embeddings read from the vector index, which holds every paper's
/// int8 codes already (coded as `DenseRows` codes them: the largest component ±127): the
/// server does not keep them a second time (36 MB at 93k papers). A model gathers the rows
/// it uses under one read lock. The index is never replaced while a server runs (it catches
/// up in place), so the corpus holding it keeps no stale copy alive.
public struct VectorIndexEmbeddings: EmbeddingRows {
    public let index: PaperVectorIndex
    /// The corpus's papers, by row.
    public let ids: [PaperID]

    public init(index: PaperVectorIndex, ids: [PaperID]) {
        precondition(index.graph.dimensions == MiniLM.hidden)
        self.index = index
        self.ids = ids
    }

    public var count: Int { ids.count }

    public func gathering(_ rows: [Int]) -> DenseRows {
        DenseRows(width: MiniLM.hidden, count: ids.count, gathering: rows) { codes, scales in
            index.copyCodes(of: rows.map { ids[$0] }, into: codes, scales: scales)
        }
    }
}
