import Foundation

/// Paper embeddings, by model name, for semantic search and similar papers.
public protocol EmbeddingStore: Sendable {
    /// Up to `limit` papers with no embedding by `model`, newest first.
    func papersNeedingEmbedding(model: String, limit: Int) async throws -> [Paper]
    /// Stores embeddings (one transaction); papers gone meanwhile are skipped.
    func saveEmbeddings(_ embeddings: [(id: PaperID, vector: [Float])], model: String) async throws
    /// Every embedding by `model`, with its paper's id.
    func embeddings(model: String) async throws -> [(id: PaperID, vector: [Float])]
    /// The ids of the papers with an embedding by `model` (what a vector index kept beside
    /// the store compares itself with to catch up).
    func embeddedPaperIDs(model: String) async throws -> [PaperID]
    /// The embeddings by `model` of these papers, those that have one, in any order.
    func embeddings(ids: [PaperID], model: String) async throws -> [(id: PaperID, vector: [Float])]
    /// How many papers have an embedding by `model`, and how many papers there are.
    func embeddingCoverage(model: String) async throws -> (embedded: Int, papers: Int)
}
