extension VectorGraph {
    /// For each of `nodes`, its mean similarity (by the stored codes) to the other nodes of
    /// `anchors` (itself left out), or nil for a node the graph does not hold. Ranking uses it
    /// to ask how close a candidate is to a few anchor papers as a whole: the sense of the
    /// query they share ("diffusion" as the site's papers mean it).
    public func meanSimilarity(of nodes: [UInt32], to anchors: [UInt32]) -> [Float?] {
        lock.reading {
            let storage = self.storage
            let view = storage.view
            let anchorSlots = anchors.compactMap { storage.slotOfNode[$0] }.filter { !view.isDeleted($0) }
            let scratch = UnsafeMutablePointer<Int16>.allocate(capacity: view.rowLength)
            defer { scratch.deallocate() }
            return nodes.map { node -> Float? in
                guard let slot = storage.slotOfNode[node], !view.isDeleted(slot) else { return nil }
                let others = anchorSlots.filter { $0 != slot }
                guard !others.isEmpty else { return 0 }
                let scale = view.widen(slot, into: scratch)
                return others.reduce(Float(0)) { $0 + view.score(scratch, scale, $1) } / Float(others.count)
            }
        }
    }
}

extension VectorGraph {
    /// The stored int8 codes (`dimensions` each) and scales of `nodes`, in order, written to
    /// `codes` and `scales`; a node the graph does not hold (or nil) gets zeros. One read lock
    /// for all: a recommendation model reads its rows here instead of keeping a copy.
    public func copyCodes(of nodes: [UInt32?], into codes: UnsafeMutableBufferPointer<Int8>, scales: UnsafeMutableBufferPointer<Float>) {
        let width = dimensions
        precondition(codes.count >= nodes.count * width && scales.count >= nodes.count)
        lock.reading {
            let view = storage.view
            for (index, node) in nodes.enumerated() {
                let target = codes.baseAddress! + index * width
                guard let node, let slot = storage.slotOfNode[node], !view.isDeleted(slot) else {
                    target.initialize(repeating: 0, count: width)
                    scales[index] = 0
                    continue
                }
                target.update(from: view.row(slot), count: width)
                scales[index] = view.scales[Int(slot)]
            }
        }
    }
}
