import Foundation
import PaperboyCore

/// The encoder and every stored embedding, in memory, for one process: loaded from the
/// store on first use, extended as papers are embedded, reloaded when another process
/// (`paperboy embed`) has added embeddings. Without a model, it says why semantic search
/// is unavailable instead of failing elsewhere.
public actor SemanticIndex {
    public nonisolated let embedder: SentenceEmbedder?
    /// Why there is no encoder (the model directory lacks the model), when there is none.
    public nonisolated let unavailableReason: String?
    let store: any EmbeddingStore
    private var index: VectorIndex?
    /// The vectors of the last 1,024 distinct queries: paging through results, or a popular
    /// query, is embedded once.
    private var queryVectors = RecentCache<String, [Float]>(capacity: 1_024)
    /// Papers' nearest neighbours (a scan of every vector each), for pages viewed again;
    /// emptied whenever the vectors change.
    private var neighbours = RecentCache<PaperID, [(id: PaperID, score: Float)]>(capacity: 4_096)

    /// - Parameter modelDirectory: nil when semantic search is turned off.
    public init(store: any EmbeddingStore, modelDirectory: String?) {
        self.store = store
        guard let modelDirectory else {
            embedder = nil
            unavailableReason = "semantic search is off: no model directory is configured"
            return
        }
        do {
            embedder = try SentenceEmbedder(directory: modelDirectory)
            unavailableReason = nil
        } catch {
            embedder = nil
            unavailableReason = "semantic search is unavailable: \(error)"
        }
    }

    /// The vectors as they are now (loaded on first call).
    public func snapshot() async throws -> VectorIndex {
        if let index { return index }
        let loaded = VectorIndex(try await store.embeddings(model: SentenceEmbedder.modelName))
        index = loaded
        return loaded
    }

    /// The embedding of a query, from the cache or computed (outside the actor, so queries
    /// are embedded in parallel).
    public nonisolated func vector(for text: String) async -> [Float]? {
        guard let embedder else { return nil }
        if let cached = await cachedVector(text) { return cached }
        let vector = embedder.embed(text)
        await remember(vector, for: text)
        return vector
    }

    private func cachedVector(_ text: String) -> [Float]? { queryVectors[text] }

    private func remember(_ vector: [Float], for text: String) { queryVectors.store(vector, for: text) }

    /// The `k` papers nearest to a paper (itself excluded), nil when it has no embedding.
    public nonisolated func neighbours(of id: PaperID, k: Int) async throws -> [(id: PaperID, score: Float)]? {
        if let cached = await cachedNeighbours(id), cached.count >= k { return Array(cached.prefix(k)) }
        let index = try await snapshot()
        guard let vector = index.vector(of: id) else { return nil }
        let found = Array(index.nearest(to: vector, k: k + 1).filter { $0.id != id }.prefix(k))
        await remember(found, of: id, indexSize: index.count)
        return found
    }

    private func cachedNeighbours(_ id: PaperID) -> [(id: PaperID, score: Float)]? { neighbours[id] }

    private func remember(_ found: [(id: PaperID, score: Float)], of id: PaperID, indexSize: Int) {
        // A list computed over vectors that have changed since is not kept.
        guard index?.count == indexSize else { return }
        neighbours.store(found, for: id)
    }

    /// Adds freshly stored embeddings without reading the store again.
    public func add(_ entries: [(id: PaperID, vector: [Float])]) {
        guard !entries.isEmpty else { return }
        index?.upsert(entries)
        neighbours.removeAll()
    }

    /// Reloads when the store holds a different number of embeddings than memory (another
    /// process embedded papers, or papers were edited and lost theirs). Returns whether it did.
    @discardableResult
    public func reloadIfStale() async throws -> Bool {
        guard let current = index else { return false }
        let (stored, _) = try await store.embeddingCoverage(model: SentenceEmbedder.modelName)
        guard stored != current.count else { return false }
        index = VectorIndex(try await store.embeddings(model: SentenceEmbedder.modelName))
        neighbours.removeAll()
        return true
    }
}
