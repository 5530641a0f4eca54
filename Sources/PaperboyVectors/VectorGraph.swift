import Foundation

/// An approximate nearest-neighbour index over unit vectors (HNSW, "hierarchical navigable
/// small world" graphs, Malkov & Yashunin), for semantic search and similar papers.
///
/// - Nodes are the caller's dense node numbers (`UInt32`); the caller maps them to papers.
/// - Similarity is the dot product (the cosine, for unit vectors such as all-MiniLM-L6-v2's).
/// - Vectors are stored as int8 codes with a per-vector scale (about 4x smaller than float32;
///   see `Int8Codes`), and scores are computed from those codes.
/// - Adding a node again replaces its vector; removed and replaced nodes are never returned.
///   Their old positions stay in the graph as tombstones (`tombstoneShare`); rebuild when
///   that share grows past a few percent.
///
/// Concurrency: one writer, many readers. The graph is a class shared by reference: searches
/// run concurrently under a shared lock, and each mutation takes the lock alone for the
/// duration of one insert (well under a millisecond), so an embedder can add vectors while
/// the server searches, and an added vector is searchable as soon as `add` returns. A bulk
/// add inserts in batches on every core, walking the graph under the shared lock and taking
/// it alone only to link each batch in (a few milliseconds). (A value
/// type would make every mutation while a reader holds a copy duplicate a gigabyte.)
public final class VectorGraph: @unchecked Sendable {
    let storage: GraphStorage
    let lock = ReadWriteLock()
    /// Held by every change from start to end, so changes come one at a time even while a
    /// batch walks the graph under the shared lock (see `add(contentsOf:workers:)`).
    private let changes = NSLock()
    private let pool = VisitedPool()
    private var defaultEf: Int

    /// - Parameters:
    ///   - m: links per node on the upper layers (2m on layer 0).
    ///   - efConstruction: the beam width while inserting (higher: better graph, slower build).
    ///   - efSearch: the default beam width of `nearest` (at least k is used).
    ///   - seed: seeds level generation, so a build is deterministic given the insertion order.
    public init(
        dimensions: Int, m: Int = 16, efConstruction: Int = VectorGraph.defaultEfConstruction,
        efSearch: Int = VectorGraph.defaultEfSearch, seed: UInt64 = 0x5EED
    ) {
        precondition(dimensions > 0 && m >= 2 && efConstruction >= 1 && efSearch >= 1)
        storage = GraphStorage(dimensions: dimensions, m: m, efConstruction: efConstruction, seed: seed)
        defaultEf = efSearch
    }

    init(storage: GraphStorage, efSearch: Int) {
        self.storage = storage
        defaultEf = efSearch
    }

    /// 64, not 100: on the real MiniLM vectors it costs 0.002 of recall@10 at the default
    /// search width (0.9884 against 0.9900 on 20k) and saves 31% of a build (400k vectors:
    /// 46 s against 67 s), which at 2.7M papers is the difference that matters. A graph keeps
    /// the width it was built with (it is in its file).
    public static let defaultEfConstruction = 64
    public static let defaultEfSearch = 128

    public var dimensions: Int { storage.dimensions }

    /// The beam width `nearest` uses when not given one.
    public var efSearch: Int {
        get { lock.reading { defaultEf } }
        set { lock.writing { defaultEf = Swift.max(1, newValue) } }
    }

    /// How many nodes are searchable.
    public var count: Int { lock.reading { storage.liveCount } }

    /// Tombstones (replaced or removed nodes) as a share of all positions in the graph.
    public var tombstoneShare: Double {
        lock.reading { storage.slotCount == 0 ? 0 : Double(storage.slotCount - storage.liveCount) / Double(storage.slotCount) }
    }

    /// Bytes held in memory by the index's buffers.
    public var memoryBytes: Int { lock.reading { storage.memoryBytes } }

    /// Whether `add` would take `vector` (the right length, every component finite).
    public func accepts(_ vector: [Float]) -> Bool {
        (try? Int8Codes.validate(vector, dimensions: storage.dimensions)) != nil
    }

    public func contains(_ node: UInt32) -> Bool { lock.reading { storage.slotOfNode[node] != nil } }

    /// Makes room for `nodes` positions, so a bulk load does not grow the buffers repeatedly.
    public func reserveCapacity(_ nodes: Int) { changes.withLock { lock.writing { storage.reserve(slots: nodes) } } }

    // MARK: Changes

    /// Adds `node`, or replaces its vector if it was added before.
    public func add(_ node: UInt32, _ vector: [Float]) throws {
        try Int8Codes.validate(vector, dimensions: storage.dimensions)
        let visited = pool.borrow()
        defer { pool.giveBack(visited) }
        changes.withLock { lock.writing { storage.insert(node: node, vector: vector, visited: visited) } }
    }

    /// Leaves `node` out of every later search (a no-op for an unknown node).
    public func remove(_ node: UInt32) {
        changes.withLock {
            lock.writing {
                guard let slot = storage.slotOfNode.removeValue(forKey: node) else { return }
                storage.markDeleted(slot)
                storage.liveCount -= 1
            }
        }
    }

    // MARK: Search

    /// The `k` nodes most similar to `query`, best first, approximately.
    ///
    /// A `filter` admits node numbers: nodes it rejects are walked through but not returned.
    /// The result is a full page (`k` nodes, or every admitted node when fewer exist): when
    /// the walk cannot find `k` admitted nodes within its budget the graph is scanned
    /// exactly instead. A caller who knows its filter admits only a small share of the nodes
    /// (under a few percent) should call `exactNearest(to:k:among:)` with them directly.
    ///
    /// `exactVectors`, when given, returns a node's float vector: the walk's best `ef`
    /// candidates are then re-scored exactly (outside the graph's lock) and the top `k`
    /// returned with exact scores. This recovers what the int8 codes lose; without it the
    /// scores are the codes' estimates (within about 0.01 of the cosine).
    public func nearest(
        to query: [Float], k: Int, ef: Int? = nil, filter: ((UInt32) -> Bool)? = nil,
        exactVectors: ((UInt32) -> [Float]?)? = nil
    ) throws -> [VectorMatch] {
        try Int8Codes.validate(query, dimensions: storage.dimensions)
        let visited = pool.borrow()
        defer { pool.giveBack(visited) }
        let candidates = lock.reading {
            let width = Swift.max(ef ?? defaultEf, k)
            return storage.nearest(
                query, k: exactVectors == nil ? k : width, ef: width, visited: visited, filter: filter)
        }
        guard let exactVectors else { return candidates }
        return Array(VectorGraph.rescore(candidates, query: query, exactVectors).prefix(k))
    }

    /// Candidates re-scored by float dot product (a node without a vector keeps its estimate).
    static func rescore(
        _ candidates: [VectorMatch], query: [Float], _ exactVectors: (UInt32) -> [Float]?
    ) -> [VectorMatch] {
        candidates.map { match in
            guard let vector = exactVectors(match.node), vector.count == query.count else { return match }
            var score: Float = 0
            for i in 0..<vector.count { score += vector[i] * query[i] }
            return VectorMatch(node: match.node, score: score)
        }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.node < $1.node }
    }

    /// The exact top `k` (by the stored codes' scores) among all nodes `filter` admits:
    /// scans every node.
    public func exactNearest(to query: [Float], k: Int, filter: ((UInt32) -> Bool)? = nil) throws -> [VectorMatch] {
        try Int8Codes.validate(query, dimensions: storage.dimensions)
        let coded = storage.query(query)
        return lock.reading {
            let view = storage.view
            return coded.codes.withUnsafeBufferPointer { codes in
                view.scan(codes.baseAddress!, coded.scale, k: k, slots: 0..<UInt32(view.slotCount)) { slot in
                    !view.isDeleted(slot) && (filter?(view.keys[Int(slot)]) ?? true)
                }
            }
        }
    }

    /// The exact top `k` among `nodes` (unknown and removed nodes are skipped): for a
    /// selective filter whose admitted nodes the caller already has.
    public func exactNearest(to query: [Float], k: Int, among nodes: some Sequence<UInt32>) throws -> [VectorMatch] {
        try Int8Codes.validate(query, dimensions: storage.dimensions)
        let coded = storage.query(query)
        return lock.reading {
            let storage = self.storage
            var seen = Set<UInt32>()
            let slots = nodes.compactMap { node -> UInt32? in
                guard seen.insert(node).inserted else { return nil }
                return storage.slotOfNode[node]
            }
            return coded.codes.withUnsafeBufferPointer { codes in
                storage.view.scan(codes.baseAddress!, coded.scale, k: k, slots: slots) { _ in true }
            }
        }
    }
}

extension VectorGraph {
    /// Workers a bulk add uses by default: one per core.
    public static var defaultWorkers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Adds many nodes (a bulk build), in order; see `add(_:_:)`. With more than one worker,
    /// a graph of a thousand nodes or more takes them in batches on `workers` threads
    /// (`GraphStorage+Batch`): a different graph from one-at-a-time inserts, of the same
    /// quality, and the same for the same items whatever the number of workers above one.
    /// Searches run meanwhile, and see each batch once it is linked.
    public func add(contentsOf items: [(node: UInt32, vector: [Float])], workers: Int = VectorGraph.defaultWorkers) throws {
        for item in items { try Int8Codes.validate(item.vector, dimensions: storage.dimensions) }
        let visited = pool.borrow()
        defer { pool.giveBack(visited) }
        changes.withLock {
            // The only writer now (`changes`), so the storage's counts can be read unlocked.
            lock.writing { storage.reserve(slots: storage.slotCount + items.count) }
            var start = 0
            while start < items.count {
                let size = workers > 1 ? GraphStorage.batchSize(for: storage.slotCount) : 0
                guard size > 0 else {
                    let item = items[start]
                    lock.writing { storage.insert(node: item.node, vector: item.vector, visited: visited) }
                    start += 1
                    continue
                }
                // A node twice in one batch would get two live slots: the batch ends before it.
                var end = start
                var seen = Set<UInt32>()
                while end < items.count, end - start < size, seen.insert(items[end].node).inserted { end += 1 }
                // Levels are drawn under the exclusive lock: a save (under the shared one)
                // writes the random state.
                var batch = lock.writing { storage.prepareBatch(items[start..<end]) }
                lock.reading { storage.searchBatch(&batch, pool: pool, workers: workers) }
                lock.writing { storage.linkBatch(batch, workers: workers) }
                start = end
            }
        }
    }
}

extension VectorGraph {
    /// Writes the graph to `path` atomically (a temporary file renamed over it), so a crash
    /// leaves the old file or the new one. Searches continue meanwhile; changes wait.
    public func write(to path: String) throws {
        try lock.reading { try GraphFile.write(storage, efSearch: defaultEf, to: path) }
    }

    /// Loads a graph written by `write(to:)`. Throws `VectorGraphError` for a missing,
    /// truncated, corrupt or other-version file: the caller then rebuilds from the vectors.
    public static func read(from path: String) throws -> VectorGraph {
        let (storage, efSearch) = try GraphFile.read(from: path)
        return VectorGraph(storage: storage, efSearch: efSearch)
    }
}
