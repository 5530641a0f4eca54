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
