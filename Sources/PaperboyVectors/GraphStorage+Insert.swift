/// Insertion: HNSW with the neighbour-selection heuristic (as in the paper and hnswlib).
extension GraphStorage {
    /// Adds `node` with a validated `vector`; a node added before is replaced (its old slot
    /// becomes a tombstone).
    func insert(node: UInt32, vector: [Float], visited: VisitedSet) {
        if let old = slotOfNode[node] {
            markDeleted(old)
            liveCount -= 1
        }
        let level = nextLevel()
        let slot = appendSlot(node: node, vector: vector, level: level)
        slotOfNode[node] = slot
        liveCount += 1
        let coded = query(vector)
        coded.codes.withUnsafeBufferPointer { codes in
            link(slot, level: level, codes.baseAddress!, coded.scale, visited: visited)
        }
    }

    /// Connects a new slot on layers level...0.
    private func link(_ slot: UInt32, level: Int, _ query: UnsafePointer<Int16>, _ scale: Float, visited: VisitedSet) {
        guard entry != GraphStorage.noSlot else {
            entry = slot
            topLevel = level
            return
        }
        let view = self.view
        // The walks first (a layer's links back change no lower layer a walk reads), then
        // the links. Tombstones are linked like live slots: they keep the graph navigable.
        let found = view.candidates(
            query, scale, level: level, entry: entry, topLevel: topLevel, ef: efConstruction, visited: visited)
        let scratch = UnsafeMutablePointer<Int16>.allocate(capacity: rowLength)
        defer { scratch.deallocate() }
        for (layer, candidates) in found.enumerated() {
            let chosen = view.selectNeighbours(candidates, limit: m, scratch: scratch)
            let list = view.links(slot, layer)
            list[0] = UInt32(chosen.count)
            for (i, c) in chosen.enumerated() { list[1 + i] = c.slot }
            for c in chosen { view.addLink(from: c.slot, to: slot, score: c.score, layer: layer, scratch: scratch) }
        }
        if level > topLevel {
            entry = slot
            topLevel = level
        }
    }
}

extension GraphView {
    /// The heuristic: walking candidates best first, keep one only if it is closer to the
    /// base than to every one kept so far. This spreads links across directions (clusters
    /// stay connected to each other), which plain nearest-M does not.
    /// `candidates` are sorted best first, scored against the base; `scratch` holds a
    /// widened row.
    func selectNeighbours(_ candidates: [ScoredSlot], limit: Int, scratch: UnsafeMutablePointer<Int16>) -> [ScoredSlot] {
        guard candidates.count > limit else { return candidates }
        var chosen: [ScoredSlot] = []
        chosen.reserveCapacity(limit)
        for c in candidates {
            if chosen.count == limit { break }
            var keep = true
            let scale = widen(c.slot, into: scratch)
            for s in chosen where score(scratch, scale, s.slot) > c.score {
                keep = false
                break
            }
            if keep { chosen.append(c) }
        }
        return chosen
    }

    /// Links `from` to `to` on `layer`, re-selecting `from`'s links when the list is full.
    func addLink(from: UInt32, to: UInt32, score toScore: Float, layer: Int, scratch: UnsafeMutablePointer<Int16>) {
        let limit = layer == 0 ? m0 : m
        let list = links(from, layer)
        let count = Int(list[0])
        if count < limit {
            list[1 + count] = to
            list[0] = UInt32(count + 1)
            return
        }
        var candidates = [ScoredSlot(score: toScore, slot: to)]
        candidates.reserveCapacity(count + 1)
        let scale = widen(from, into: scratch)
        for i in 1...count { candidates.append(ScoredSlot(score: score(scratch, scale, list[i]), slot: list[i])) }
        candidates.sort { $0.score > $1.score }
        let chosen = selectNeighbours(candidates, limit: limit, scratch: scratch)
        list[0] = UInt32(chosen.count)
        for (i, c) in chosen.enumerated() { list[1 + i] = c.slot }
    }
}
