/// Walking the graph: the greedy descent through the upper layers and the beam search.
extension GraphView {
    /// Moves to the best-scoring neighbour on `layer` until none improves.
    func greedy(_ query: UnsafePointer<Int16>, _ scale: Float, from start: ScoredSlot, layer: Int) -> ScoredSlot {
        var best = start
        var moved = true
        while moved {
            moved = false
            let list = links(best.slot, layer)
            let count = Int(list[0])
            var i = 1
            while i <= count {
                let next = list[i]
                let s = score(query, scale, next)
                if s > best.score {
                    best = ScoredSlot(score: s, slot: next)
                    moved = true
                }
                i += 1
            }
        }
        return best
    }

    /// The beam search of HNSW on one layer: expands the best unexpanded slot until the best
    /// left is worse than the worst of `ef` kept. Every slot is walked through, but only
    /// slots that `admit` accepts are kept (tombstones and filtered-out nodes still carry
    /// the walk). With a selective `admit`, `ef` admitted slots may be far away, so the walk
    /// gives up (nil) after scoring `budget` slots and the caller scans instead.
    ///
    /// Returns the kept slots, best first.
    func searchLayer(
        _ query: UnsafePointer<Int16>, _ scale: Float, entries: [ScoredSlot], ef: Int, layer: Int,
        visited: VisitedSet, budget: Int, admit: (UInt32) -> Bool
    ) -> [ScoredSlot]? {
        visited.reset(slots: slotCount)
        var frontier = SlotHeap<BestFirst>(capacity: 4 * ef)
        var kept = SlotHeap<WorstFirst>(capacity: ef + 1)
        for e in entries where visited.insert(e.slot) {
            frontier.push(e)
            if admit(e.slot) {
                kept.push(e)
                if kept.count > ef { kept.pop() }
            }
        }
        var scored = entries.count
        while let current = frontier.pop() {
            if kept.count >= ef, let worst = kept.top, current.score < worst.score { break }
            let list = links(current.slot, layer)
            let count = Int(list[0])
            // The rows are scattered over a gigabyte at millions of vectors: ask for the
            // first ones now, then each row a few ahead of its turn, so the loads overlap.
            var ahead = 1
            while ahead <= Swift.min(count, GraphView.prefetchDistance) {
                prefetch(list[ahead])
                ahead += 1
            }
            var i = 1
            while i <= count {
                let next = list[i]
                i += 1
                if ahead <= count {
                    prefetch(list[ahead])
                    ahead += 1
                }
                guard visited.insert(next) else { continue }
                scored += 1
                let s = score(query, scale, next)
                guard kept.count < ef || s > kept.top!.score else { continue }
                frontier.push(ScoredSlot(score: s, slot: next))
                guard admit(next) else { continue }
                if kept.count < ef {
                    kept.push(ScoredSlot(score: s, slot: next))
                } else {
                    kept.replaceTop(ScoredSlot(score: s, slot: next))
                }
            }
            if scored > budget { return nil }
        }
        return kept.sortedBestFirst()
    }
}

extension GraphStorage {
    /// The `k` admitted slots nearest `query`: the graph walk, or an exact scan when the
    /// walk cannot fill the page (a selective filter, many tombstones, unreachable slots).
    func nearest(
        _ vector: [Float], k: Int, ef: Int, visited: VisitedSet, filter: ((UInt32) -> Bool)?
    ) -> [VectorMatch] {
        guard k > 0, liveCount > 0, entry != GraphStorage.noSlot else { return [] }
        let coded = query(vector)
        let view = self.view
        let admit: (UInt32) -> Bool
        if let filter {
            admit = { slot in !view.isDeleted(slot) && filter(view.keys[Int(slot)]) }
        } else {
            admit = { slot in !view.isDeleted(slot) }
        }
        return coded.codes.withUnsafeBufferPointer { codes in
            let q = codes.baseAddress!
            var start = ScoredSlot(score: view.score(q, coded.scale, entry), slot: entry)
            var layer = topLevel
            while layer > 0 {
                start = view.greedy(q, coded.scale, from: start, layer: layer)
                layer -= 1
            }
            let width = Swift.max(ef, k)
            // A walk that scores more than this costs more than scanning every slot.
            let budget = Swift.max(8 * width * m0, slotCount / 8)
            let wanted = filter == nil ? Swift.min(k, liveCount) : k
            if let found = view.searchLayer(
                q, coded.scale, entries: [start], ef: width, layer: 0, visited: visited, budget: budget, admit: admit),
                found.count >= wanted
            {
                return found.prefix(k).map { VectorMatch(node: view.keys[Int($0.slot)], score: $0.score) }
            }
            return view.scan(q, coded.scale, k: k, slots: 0..<UInt32(slotCount), admit: admit)
        }
    }
}

extension GraphView {
    /// Exact top `k` among `slots` that `admit` accepts, by the int8 scores.
    func scan<S: Sequence<UInt32>>(
        _ query: UnsafePointer<Int16>, _ scale: Float, k: Int, slots: S, admit: (UInt32) -> Bool
    ) -> [VectorMatch] {
        guard k > 0 else { return [] }
        var kept = SlotHeap<WorstFirst>(capacity: k + 1)
        for slot in slots where admit(slot) {
            let s = score(query, scale, slot)
            if kept.count < k {
                kept.push(ScoredSlot(score: s, slot: slot))
            } else if s > kept.top!.score {
                kept.replaceTop(ScoredSlot(score: s, slot: slot))
            }
        }
        return kept.sortedBestFirst().map { VectorMatch(node: keys[Int($0.slot)], score: $0.score) }
    }
}
