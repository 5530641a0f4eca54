import Foundation
import Logging
import PaperboyCore

/// The encoder and every stored embedding in an approximate nearest-neighbour index, for one
/// process: loaded from its file beside the database (or built from the store) on first use
/// and caught up with the store, extended as papers are embedded, caught up again when
/// another process (`paperboy embed`) has added embeddings, and saved now and then. Without
/// a model, it says why semantic search is unavailable instead of failing elsewhere.
public actor SemanticIndex {
    public nonisolated let embedder: SentenceEmbedder?
    /// Why there is no encoder (the model directory lacks the model), when there is none.
    public nonisolated let unavailableReason: String?
    let store: any EmbeddingStore
    /// Where the index is saved; nil keeps it in memory (built from the store at each start).
    public nonisolated let indexPath: String?
    let logger: Logger
    private var index: PaperVectorIndex?
    /// Vectors added since the index was last saved.
    private var unsaved = 0
    /// The vectors of the last 1,024 distinct queries: paging through results, or a popular
    /// query, is embedded once.
    private var queryVectors = RecentCache<String, [Float]>(capacity: 1_024)
    /// Papers' nearest neighbours, for pages viewed again; emptied whenever the vectors change.
    private var neighbours = RecentCache<PaperID, [(id: PaperID, score: Float)]>(capacity: 4_096)

    /// - Parameter modelDirectory: nil when semantic search is turned off.
    public init(store: any EmbeddingStore, modelDirectory: String?, indexPath: String? = nil,
                logger: Logger = Logger(label: "paperboy.semantic")) {
        self.store = store
        self.indexPath = indexPath
        self.logger = logger
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

    /// The vector index file for a database at `databasePath`: beside it.
    public static func indexPath(besideDatabase databasePath: String) -> String {
        databasePath + ".vector-index"
    }

    /// The index as it is now: on first call loaded from its file (or built from the store
    /// when there is none or it is damaged) and caught up with the store.
    public func snapshot() async throws -> PaperVectorIndex {
        if let index { return index }
        // One load however many callers wait for it (the actor is re-entered at each await).
        let task = loading ?? Task { try await self.load() }
        loading = task
        defer { loading = nil }
        let (built, fromFile, changes) = try await task.value
        if let index { return index }
        index = built
        unsaved = changes
        if !fromFile || unsaved > 0 { try? save() }
        return built
    }

    private var loading: Task<(PaperVectorIndex, fromFile: Bool, changes: Int), Error>?

    private nonisolated func load() async throws -> (PaperVectorIndex, fromFile: Bool, changes: Int) {
        let started = ContinuousClock.now
        var loaded: PaperVectorIndex?
        if let path = indexPath, FileManager.default.fileExists(atPath: path) {
            do { loaded = try PaperVectorIndex.read(from: path) } catch {
                logger.warning("the vector index file is unusable: rebuilding", metadata: ["error": "\(error)"])
            }
        }
        let built = loaded ?? PaperVectorIndex()
        let (added, removed) = try await built.catchUp(with: store, model: SentenceEmbedder.modelName)
        logger.info("vector index ready", metadata: ["papers": "\(built.count)", "from": "\(loaded != nil ? "file" : "store")",
                                                     "added": "\(added)", "seconds": "\(String(format: "%.1f", (ContinuousClock.now - started).seconds))"])
        return (built, loaded != nil, added + removed)
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
        guard index.contains(id), let vector = try await store.embeddings(ids: [id], model: SentenceEmbedder.modelName).first?.vector
        else { return nil }
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
        guard !entries.isEmpty, let index else { return }
        index.upsert(entries)
        unsaved += entries.count
        neighbours.removeAll()
    }

    /// Catches up when the store holds a different number of embeddings than the index
    /// (another process embedded papers, or papers were edited and lost theirs). Returns
    /// whether anything changed.
    @discardableResult
    public func reloadIfStale() async throws -> Bool {
        guard let current = index else { return false }
        let (stored, _) = try await store.embeddingCoverage(model: SentenceEmbedder.modelName)
        guard stored != current.count else { return false }
        let (added, removed) = try await current.catchUp(with: store, model: SentenceEmbedder.modelName)
        unsaved += added + removed
        neighbours.removeAll()
        return added + removed > 0
    }

    /// Saves the index when it has changed since the last save (and has a path).
    public func save() throws {
        guard let path = indexPath, let index, unsaved > 0 else { return }
        try index.write(to: path)
        unsaved = 0
        logger.debug("vector index saved", metadata: ["papers": "\(index.count)"])
    }
}
