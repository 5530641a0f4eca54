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
