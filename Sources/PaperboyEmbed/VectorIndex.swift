import Foundation
import PaperboyCore

/// Every paper's unit vector in one contiguous block, searched exhaustively: a query's top
/// k by cosine (a dot product, the vectors being unit length), in vector instructions.
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

    /// The `k` nearest papers to `query`, nearest first, with their cosine similarity: every
    /// score by matrix-vector products (OpenBLAS's, in the CPU's widest vectors; one slice of
    /// the rows per core, since one core cannot draw the whole memory bandwidth), then one
    /// pass keeping the best k.
    public func nearest(to query: [Float], k: Int) -> [(id: PaperID, score: Float)] {
        precondition(query.count == dimensions)
        guard k > 0, !ids.isEmpty else { return [] }
        var scores = [Float](repeating: 0, count: ids.count)
        vectors.withUnsafeBufferPointer { rows in
            query.withUnsafeBufferPointer { q in
                scores.withUnsafeMutableBufferPointer { out in
                    if case .success(let sgemv) = BLAS.sgemv {
                        let slices = ids.count >= 16_384 ? VectorIndex.cores : 1
                        let size = (ids.count + slices - 1) / slices
                        // Each slice writes its own range of scores.
                        nonisolated(unsafe) let r = rows.baseAddress!, o = out.baseAddress!, qp = q.baseAddress!
                        let n = ids.count
                        DispatchQueue.concurrentPerform(iterations: slices) { slice in
                            let start = slice * size, count = min(size, n - start)
                            guard count > 0 else { return }
                            sgemv(BLAS.rowMajor, BLAS.noTranspose, Int32(count), Int32(dimensions), 1, r + start * dimensions,
                                  Int32(dimensions), qp, 1, 0, o + start, 1)
                        }
                    } else {
                        for row in 0..<ids.count {
                            out[row] = VectorIndex.dot(q.baseAddress!, rows.baseAddress! + row * dimensions, count: dimensions)
                        }
                    }
                }
            }
        }
        var best: [(index: Int, score: Float)] = []
        best.reserveCapacity(k + 1)
        var threshold = -Float.infinity
        for (row, score) in scores.enumerated() where score > threshold || best.count < k {
            // Binary search for the place after every score at least as high (deep pages ask
            // for thousands).
            best.insert((row, score), at: best.partitioningIndex { $0.score < score })
            if best.count > k { best.removeLast() }
            if best.count == k { threshold = best[k - 1].score }
        }
        return best.map { (ids[$0.index], $0.score) }
    }

    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// a · b over `count` floats (a multiple of 16), in sixteen running sums, a shape the
    /// compiler turns into vector multiply-adds; for when OpenBLAS is missing.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var s = (Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0),
                 Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0))
        var i = 0
        while i < count {
            s.0 += a[i] * b[i]; s.1 += a[i + 1] * b[i + 1]; s.2 += a[i + 2] * b[i + 2]; s.3 += a[i + 3] * b[i + 3]
            s.4 += a[i + 4] * b[i + 4]; s.5 += a[i + 5] * b[i + 5]; s.6 += a[i + 6] * b[i + 6]; s.7 += a[i + 7] * b[i + 7]
            s.8 += a[i + 8] * b[i + 8]; s.9 += a[i + 9] * b[i + 9]; s.10 += a[i + 10] * b[i + 10]; s.11 += a[i + 11] * b[i + 11]
            s.12 += a[i + 12] * b[i + 12]; s.13 += a[i + 13] * b[i + 13]; s.14 += a[i + 14] * b[i + 14]; s.15 += a[i + 15] * b[i + 15]
            i += 16
        }
        return ((s.0 + s.1) + (s.2 + s.3)) + ((s.4 + s.5) + (s.6 + s.7)) + ((s.8 + s.9) + (s.10 + s.11)) + ((s.12 + s.13) + (s.14 + s.15))
    }
}
