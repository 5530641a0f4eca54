import PaperboyCore

/// Every paper's unit vector in one contiguous block, searched exhaustively: a query's top
/// k by cosine (a dot product, the vectors being unit length), 16 lanes at a time.
/// 93,385 papers × 384 floats is 143 MB and one pass over it. A value: a search works on
/// its own copy while the owner adds vectors (see `SemanticIndex`).
public struct VectorIndex: Sendable {
    public private(set) var ids: [PaperID] = []
    private var rows: [PaperID: Int] = [:]
    private var vectors: [Float] = []
    public let dimensions: Int

    public init(_ entries: [(id: PaperID, vector: [Float])] = [], dimensions: Int = MiniLM.hidden) {
        precondition(dimensions % 16 == 0, "vectors are read 16 floats at a time")
        self.dimensions = dimensions
        upsert(entries)
    }

    public var count: Int { ids.count }

    /// Adds vectors, replacing a paper's earlier one (a paper re-embedded after an edit);
    /// vectors of the wrong size are ignored.
    public mutating func upsert(_ entries: [(id: PaperID, vector: [Float])]) {
        vectors.reserveCapacity(vectors.count + entries.count * dimensions)
        for (id, vector) in entries where vector.count == dimensions {
            if let row = rows[id] {
                vectors.replaceSubrange(row * dimensions..<(row + 1) * dimensions, with: vector)
            } else {
                rows[id] = ids.count
                ids.append(id)
                vectors += vector
            }
        }
    }

    public func vector(of id: PaperID) -> [Float]? {
        rows[id].map { Array(vectors[$0 * dimensions..<($0 + 1) * dimensions]) }
    }

    /// The `k` nearest papers to `query`, nearest first, with their cosine similarity.
    public func nearest(to query: [Float], k: Int) -> [(id: PaperID, score: Float)] {
        precondition(query.count == dimensions)
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
