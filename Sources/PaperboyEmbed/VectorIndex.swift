import PaperboyCore

/// Every paper's unit vector in one contiguous block, searched exhaustively: a query's top
/// k by cosine (a dot product, the vectors being unit length), 16 lanes at a time.
/// 93,385 papers × 384 floats is 143 MB and one pass over it.
public final class VectorIndex: Sendable {
    public let ids: [PaperID]
    private let vectors: [Float]
    public let dimensions: Int

    public init(_ entries: [(id: PaperID, vector: [Float])], dimensions: Int = MiniLM.hidden) {
        let valid = entries.filter { $0.vector.count == dimensions }
        ids = valid.map(\.id)
        var flat: [Float] = []
        flat.reserveCapacity(valid.count * dimensions)
        for entry in valid { flat += entry.vector }
        vectors = flat
        self.dimensions = dimensions
    }

    public var count: Int { ids.count }

    /// The `k` nearest papers to `query`, nearest first, with their cosine similarity.
    public func nearest(to query: [Float], k: Int) -> [(id: PaperID, score: Float)] {
        precondition(query.count == dimensions && dimensions % 16 == 0)
        guard k > 0, !ids.isEmpty else { return [] }
        var best: [(index: Int, score: Float)] = []
        best.reserveCapacity(k + 1)
        var threshold = -Float.infinity
        vectors.withUnsafeBufferPointer { rows in
            query.withUnsafeBufferPointer { q in
                let chunks = dimensions / 16
                let qp = UnsafeRawPointer(q.baseAddress!)
                let qv = (0..<chunks).map { qp.loadUnaligned(fromByteOffset: $0 * 64, as: SIMD16<Float>.self) }
                for row in 0..<ids.count {
                    // Unaligned loads: an array promises 16-byte alignment, a SIMD16 wants 64.
                    let rp = UnsafeRawPointer(rows.baseAddress! + row * dimensions)
                    var sum = SIMD16<Float>()
                    for c in 0..<chunks { sum += qv[c] * rp.loadUnaligned(fromByteOffset: c * 64, as: SIMD16<Float>.self) }
                    let score = sum.sum()
                    guard score > threshold || best.count < k else { continue }
                    let position = best.firstIndex { $0.score < score } ?? best.count
                    best.insert((row, score), at: position)
                    if best.count > k { best.removeLast() }
                    if best.count == k { threshold = best[k - 1].score }
                }
            }
        }
        return best.map { (ids[$0.index], $0.score) }
    }
}
