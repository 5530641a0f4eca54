import Dispatch

/// Inserting a batch of vectors on every core (a bulk build, or a catch-up of thousands).
///
/// One insert walks the graph to find its neighbours (most of the work) and then links them
/// back to it. Walks of different new nodes only read the graph, so a batch runs them in
/// parallel against the graph as it was before the batch (`searchBatch`, under the shared
/// lock: searches go on meanwhile). The new nodes do not see each other in those walks, so
/// each one also scores the rest of its batch exactly and chooses among both (`linkBatch`).
/// The links back are then added in parallel, each worker owning the link lists of a
/// residue class of slots, so no list is written by two threads and the result does not
/// depend on scheduling: the same items in the same order build the same graph.
///
/// Batches stay small next to the graph (`batchSize(for:)`), so what a new node cannot see,
/// the walks through the other new nodes' neighbourhoods, is a small share of what it does.
extension GraphStorage {
    /// One new node's part in a batch: found by `searchBatch`, placed by `linkBatch`.
    struct BatchItem {
        let node: UInt32
        let vector: [Float]
        let level: Int
        let query: Query
        /// Per layer (index 0 = layer 0), the best `efConstruction` old slots, best first.
        var found: [[ScoredSlot]] = []
    }

    /// The batch size used for a graph of `slots` slots: a few percent of it, at most 256.
    /// Zero below 1,024 slots, where the graph is inserted into one node at a time.
    static func batchSize(for slots: Int) -> Int {
        slots < 1_024 ? 0 : Swift.min(256, slots / 32)
    }

    /// Levels and query codes for `vectors` (validated, nodes distinct), in order: the same
    /// levels one-at-a-time inserts would draw.
    func prepareBatch(_ items: ArraySlice<(node: UInt32, vector: [Float])>) -> [BatchItem] {
        items.map { BatchItem(node: $0.node, vector: $0.vector, level: nextLevel(), query: query($0.vector)) }
    }

    /// The walks: each item's candidates on each of its layers, from the current graph.
    /// Reads the graph only; safe beside searches.
    func searchBatch(_ batch: inout [BatchItem], pool: VisitedPool, workers: Int) {
        guard entry != GraphStorage.noSlot else { return }
        let view = self.view
        let entry = self.entry, topLevel = self.topLevel, ef = efConstruction
        batch.withUnsafeMutableBufferPointer { items in
            // Each chunk writes its own items' candidates.
            nonisolated(unsafe) let items = items
            Self.forEachChunk(of: items.count, workers: workers) { range in
                let visited = pool.borrow()
                defer { pool.giveBack(visited) }
                for i in range {
                    items[i].found = items[i].query.codes.withUnsafeBufferPointer { codes in
                        view.candidates(
                            codes.baseAddress!, items[i].query.scale, level: items[i].level, entry: entry,
                            topLevel: topLevel, ef: ef, visited: visited)
                    }
                }
            }
        }
    }

    /// Appends the batch's slots and links them: each new slot chooses its neighbours among
    /// its walk's candidates and the other new slots, then is linked back from them.
    /// Needs the graph alone (the exclusive lock).
    func linkBatch(_ batch: [BatchItem], workers: Int) {
        reserve(slots: slotCount + batch.count)
        let first = UInt32(slotCount)
        for item in batch {
            if let old = slotOfNode[item.node] {
                markDeleted(old)
                liveCount -= 1
            }
            slotOfNode[item.node] = appendSlot(node: item.node, vector: item.vector, level: item.level)
            liveCount += 1
        }
        let view = self.view
        let m = self.m, ef = efConstruction
        let rowLength = self.rowLength
        // Read by every worker for every item: plain integers, not the items (whose arrays'
        // reference counts two threads would fight over).
        let levels = batch.map(\.level)
        // Each new slot's own links, chosen in parallel and kept for the links back.
        var chosen = [[[ScoredSlot]]](repeating: [], count: batch.count)
        chosen.withUnsafeMutableBufferPointer { chosen in
            // Each chunk writes its own slots' links and choices.
            nonisolated(unsafe) let chosen = chosen
            Self.forEachChunk(of: batch.count, workers: workers) { range in
                let scratch = UnsafeMutablePointer<Int16>.allocate(capacity: rowLength)
                defer { scratch.deallocate() }
                for i in range {
                    let item = batch[i], slot = first + UInt32(i)
                    chosen[i] = item.query.codes.withUnsafeBufferPointer { codes in
                        (0...item.level).map { layer in
                            var candidates = layer < item.found.count ? item.found[layer] : []
                            for j in levels.indices where j != i && levels[j] >= layer {
                                let s = first + UInt32(j)
                                candidates.append(ScoredSlot(score: view.score(codes.baseAddress!, item.query.scale, s), slot: s))
                            }
                            candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.slot < $1.slot }
                            // As many as one insert's walk would offer: the heuristic below
                            // costs up to `m` products per candidate it passes over.
                            if candidates.count > ef { candidates.removeLast(candidates.count - ef) }
                            let picked = view.selectNeighbours(candidates, limit: m, scratch: scratch)
                            let list = view.links(slot, layer)
                            list[0] = UInt32(picked.count)
                            for (k, c) in picked.enumerated() { list[1 + k] = c.slot }
                            return picked
                        }
                    }
                }
            }
        }
        // The links back, in batch order per list: worker w owns the lists of slots ≡ w.
        let owners = Swift.max(1, workers)
        let picks = chosen
        DispatchQueue.concurrentPerform(iterations: owners) { owner in
            let scratch = UnsafeMutablePointer<Int16>.allocate(capacity: rowLength)
            defer { scratch.deallocate() }
            for (i, layers) in picks.enumerated() {
                for (layer, picked) in layers.enumerated() {
                    for c in picked where Int(c.slot) % owners == owner {
                        view.addLink(from: c.slot, to: first + UInt32(i), score: c.score, layer: layer, scratch: scratch)
                    }
                }
            }
        }
        for (i, item) in batch.enumerated() where item.level > topLevel || entry == GraphStorage.noSlot {
            entry = first + UInt32(i)
            topLevel = item.level
        }
    }

    /// Runs `body` over `0..<count` cut into a few chunks per worker, on every worker.
    static func forEachChunk(of count: Int, workers: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = Swift.min(count, Swift.max(1, workers) * 4)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            body(count * chunk / chunks..<count * (chunk + 1) / chunks)
        }
    }
}

extension GraphView {
    /// A new node's candidates on each of its layers (index 0 = layer 0, up to
    /// min(level, topLevel)), best first: the descent and beam searches of an insert, one
    /// at a time or in a batch.
    /// Never inlined: inside a worker's closure the optimiser ran out of inlining budget and
    /// left the dot product's widening as a call, which made a batch twice as slow.
    @inline(never)
    func candidates(
        _ query: UnsafePointer<Int16>, _ scale: Float, level: Int, entry: UInt32, topLevel: Int, ef: Int,
        visited: VisitedSet
    ) -> [[ScoredSlot]] {
        var start = ScoredSlot(score: score(query, scale, entry), slot: entry)
        var layer = topLevel
        while layer > level {
            start = greedy(query, scale, from: start, layer: layer)
            layer -= 1
        }
        var found = [[ScoredSlot]](repeating: [], count: Swift.min(level, topLevel) + 1)
        var entries = [start]
        for layer in stride(from: Swift.min(level, topLevel), through: 0, by: -1) {
            found[layer] = searchLayer(
                query, scale, entries: entries, ef: ef, layer: layer, visited: visited,
                budget: .max, admit: { _ in true }) ?? entries
            entries = found[layer]
        }
        return found
    }
}
