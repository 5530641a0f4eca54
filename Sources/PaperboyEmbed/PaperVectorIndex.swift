import Foundation
import PaperboyCore
import PaperboyVectors

/// Papers' embeddings in an approximate nearest-neighbour graph (`VectorGraph`: HNSW over
/// int8 codes, about 550 bytes a paper where float vectors took 1,536), with the papers'
/// node numbers. Derived data beside the store: saved to files (see `write(to:)`) and caught up with the store's embeddings on
/// load, so a crash costs at most the vectors added since the last save, which the catch-up
/// adds again. A class: searches share it while new embeddings are added in place.
public final class PaperVectorIndex: @unchecked Sendable {
    let graph: VectorGraph
    private let lock = NSLock()
    /// Node number → paper, and back. A paper keeps its node when re-embedded.
    private var ids: [PaperID]
    private var nodes: [PaperID: UInt32]

    public init(dimensions: Int = MiniLM.hidden) {
        graph = VectorGraph(dimensions: dimensions)
        ids = []
        nodes = [:]
    }

    private init(graph: VectorGraph, ids: [PaperID]) {
        self.graph = graph
        self.ids = ids
        nodes = Dictionary(ids.enumerated().map { ($1, UInt32($0)) }, uniquingKeysWith: { a, _ in a })
    }

    /// Papers with a vector.
    public var count: Int { graph.count }

    /// Bytes the graph holds in memory.
    public var memoryBytes: Int { graph.memoryBytes }

    public func contains(_ id: PaperID) -> Bool {
        guard let node = lock.withLock({ nodes[id] }) else { return false }
        return graph.contains(node)
    }

    private func node(for id: PaperID) -> UInt32 {
        lock.withLock {
            if let node = nodes[id] { return node }
            let node = UInt32(ids.count)
            ids.append(id)
            nodes[id] = node
            return node
        }
    }

    /// Adds vectors, replacing a paper's earlier one; a vector of the wrong size or with a
    /// non-finite value is skipped (and counted in the result).
    @discardableResult
    public func upsert(_ entries: [(id: PaperID, vector: [Float])]) -> Int {
        // Checked one by one, so a bad vector is skipped alone; then added together, which
        // takes a batch on every core (and a catch-up's thousands in a fraction of the time).
        var valid: [(node: UInt32, vector: [Float])] = []
        valid.reserveCapacity(entries.count)
        for (id, vector) in entries {
            guard graph.accepts(vector) else { continue }
            valid.append((node(for: id), vector))
        }
        do { try graph.add(contentsOf: valid) } catch { return entries.count }
        return entries.count - valid.count
    }

    public func remove(_ removed: [PaperID]) {
        for id in removed {
            if let node = lock.withLock({ nodes[id] }) { graph.remove(node) }
        }
    }

    /// The `k` papers nearest to `vector` (approximately).
    public func nearest(to vector: [Float], k: Int) -> [(id: PaperID, score: Float)] {
        guard k > 0, count > 0 else { return [] }
        return papers((try? graph.nearest(to: vector, k: k)) ?? [])
    }

    /// The `k` nearest among `candidates` (the papers a filter admits), and how many of them
    /// have a vector: found exactly (by the stored codes) when those are at most `exactShare`
    /// of the index, where a walk would pass over most of the graph, and otherwise by a walk
    /// that skips the others.
    public func nearest(to vector: [Float], k: Int, among candidates: [PaperID],
                        exactShare: Double) -> (ranked: [(id: PaperID, score: Float)], embedded: Int) {
        let held = heldNodes(candidates)
        guard k > 0, !held.isEmpty else { return ([], held.count) }
        if Double(held.count) <= exactShare * Double(count) {
            return (papers((try? graph.exactNearest(to: vector, k: k, among: held)) ?? []), held.count)
        }
        let allowed = Set(held)
        return (papers((try? graph.nearest(to: vector, k: k, filter: { allowed.contains($0) })) ?? []), held.count)
    }

    /// The exact `k` nearest among `candidates` (by the stored codes).
    public func exactNearest(to vector: [Float], k: Int, among candidates: [PaperID]) -> [(id: PaperID, score: Float)] {
        guard k > 0 else { return [] }
        return papers((try? graph.exactNearest(to: vector, k: k, among: heldNodes(candidates))) ?? [])
    }

    /// Each of `ids`' mean similarity to the other papers of `anchors`
    /// (`VectorGraph.meanSimilarity`); papers without a vector are left out.
    public func meanSimilarity(of ids: [PaperID], to anchors: [PaperID]) -> [PaperID: Float] {
        let (nodes, anchorNodes) = lock.withLock { (ids.map { self.nodes[$0] }, anchors.compactMap { self.nodes[$0] }) }
        let known = zip(ids, nodes).compactMap { id, node in node.map { (id, $0) } }
        let means = graph.meanSimilarity(of: known.map(\.1), to: anchorNodes)
        var result: [PaperID: Float] = [:]
        for ((id, _), mean) in zip(known, means) { if let mean { result[id] = mean } }
        return result
    }

    /// The stored int8 codes and scales of `ids`' vectors, in order (zeros for a paper without
    /// one), as `VectorGraph.copyCodes` writes them.
    public func copyCodes(of ids: [PaperID], into codes: UnsafeMutableBufferPointer<Int8>, scales: UnsafeMutableBufferPointer<Float>) {
        let nodes = lock.withLock { ids.map { self.nodes[$0] } }
        graph.copyCodes(of: nodes, into: codes, scales: scales)
    }

    /// The nodes of those of `ids` that have a vector now (one lock for the mapping).
    private func heldNodes(_ ids: [PaperID]) -> [UInt32] {
        lock.withLock { ids.compactMap { nodes[$0] } }.filter(graph.contains)
    }

    /// Matches as papers (a node the ids file lacks is left out).
    private func papers(_ matches: [VectorMatch]) -> [(id: PaperID, score: Float)] {
        lock.withLock { matches.compactMap { Int($0.node) < ids.count ? (ids[Int($0.node)], $0.score) : nil } }
    }

    // MARK: The store

    /// Adds the store's embeddings the index lacks and removes those the store no longer
    /// has (a paper edited since), in batches; returns how many of each.
    @discardableResult
    public func catchUp(with store: any EmbeddingStore, model: String) async throws -> (added: Int, removed: Int) {
        let stored = Set(try await store.embeddedPaperIDs(model: model))
        let held = lock.withLock { Array(nodes.keys) }.filter { contains($0) }
        let missing = stored.subtracting(held).sorted()
        let gone = Set(held).subtracting(stored)
        remove(Array(gone))
        // The next thousand are read while the current ones go into the graph.
        let pages = stride(from: 0, to: missing.count, by: 1_000).map { Array(missing[$0..<min(missing.count, $0 + 1_000)]) }
        var next = pages.first.map { page in Task { try await store.embeddings(ids: page, model: model) } }
        for index in pages.indices {
            guard let current = next else { break }
            let entries = try await current.value
            next = index + 1 < pages.count ? Task { [page = pages[index + 1]] in try await store.embeddings(ids: page, model: model) } : nil
            upsert(entries)
        }
        return (missing.count, gone.count)
    }

    // MARK: Files

    static let idsMagic = "paperboy-vector-ids 1"

    /// Writes the index as one generation: its node numbers (`PATH.GEN.ids`) and its graph
    /// (`PATH.GEN.graph`), then `PATH`, which names the generation, replaced atomically. Two
    /// processes saving at once each write their own generation, so `PATH` always names a
    /// graph and the ids that belong to it; older generations are removed after.
    public func write(to path: String) throws {
        let generation = UUID().uuidString.lowercased()
        let idsText = lock.withLock { ([Self.idsMagic] + ids.map(\.rawValue)).joined(separator: "\n") + "\n" }
        try Self.writeAtomically(Data(idsText.utf8), to: "\(path).\(generation).ids")
        try graph.write(to: "\(path).\(generation).graph")
        try Self.writeAtomically(Data((generation + "\n").utf8), to: path)
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        for file in (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        where file.hasPrefix(name + ".") && !file.hasPrefix("\(name).\(generation).") && (file.hasSuffix(".ids") || file.hasSuffix(".graph")) {
            try? FileManager.default.removeItem(atPath: directory.isEmpty ? file : directory + "/" + file)
        }
    }

    /// Loads the generation `PATH` names; throws when a file is missing or damaged.
    public static func read(from path: String) throws -> PaperVectorIndex {
        let generation = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !generation.isEmpty, generation.allSatisfy({ $0.isHexDigit || $0 == "-" }), generation.count <= 64 else {
            throw VectorFileError(description: "\(path) names no generation")
        }
        let text = try String(contentsOfFile: "\(path).\(generation).ids", encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == Substring(idsMagic), lines.last == "" else { throw VectorFileError(description: "\(path).\(generation).ids is damaged") }
        lines.removeFirst()
        lines.removeLast()
        var ids: [PaperID] = []
        ids.reserveCapacity(lines.count)
        for line in lines {
            guard let id = PaperID.parse(line)?.id else { throw VectorFileError(description: "\(path).ids holds '\(line.prefix(40))'") }
            ids.append(id)
        }
        let graph = try VectorGraph.read(from: "\(path).\(generation).graph")
        guard graph.count <= ids.count else { throw VectorFileError(description: "\(path) holds more nodes than its ids") }
        return PaperVectorIndex(graph: graph, ids: ids)
    }

    struct VectorFileError: Error, CustomStringConvertible {
        var description: String
    }

    private static func writeAtomically(_ data: Data, to path: String) throws {
        try AtomicFile.write([UInt8](data), to: path)
    }
}
