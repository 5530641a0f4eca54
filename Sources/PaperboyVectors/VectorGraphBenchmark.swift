import Foundation

/// Measures a graph on real vectors, for the CLI: recall@k against exact float search,
/// query latency per beam width, build time and memory.
public enum VectorGraphBenchmark {
    /// Builds a graph of `vectors` (node i = vectors[i]) and searches it with `queries`,
    /// which should be held out of `vectors` (a vector's own node would be a free hit).
    public static func run(
        vectors: [[Float]], queries: [[Float]], k: Int = 10, efs: [Int] = [32, 64, 128, 256],
        m: Int = 16, efConstruction: Int = VectorGraph.defaultEfConstruction, workers: Int = VectorGraph.defaultWorkers
    ) throws -> String {
        guard let dimensions = vectors.first?.count else { return "no vectors" }
        let graph = VectorGraph(dimensions: dimensions, m: m, efConstruction: efConstruction)
        graph.reserveCapacity(vectors.count)
        let clock = ContinuousClock()
        let buildStart = clock.now
        try graph.add(contentsOf: vectors.enumerated().map { (UInt32($0.offset), $0.element) }, workers: workers)
        let buildTime = clock.now - buildStart
        var report = String(
            format: "%d vectors, %d dims, m %d, efConstruction %d, %d workers: built in %.1f s (%.2f s per 10k), %.0f bytes per vector\n",
            vectors.count, dimensions, m, efConstruction, workers, seconds(buildTime),
            seconds(buildTime) / Double(vectors.count) * 10_000, Double(graph.memoryBytes) / Double(vectors.count))
        report += try measure(graph: graph, vectors: vectors, queries: queries, k: k, efs: efs)
        return report
    }

    /// Recall and latency of an existing graph whose node i is `vectors[i]`.
    public static func measure(
        graph: VectorGraph, vectors: [[Float]], queries: [[Float]], k: Int = 10, efs: [Int]
    ) throws -> String {
        let truth = queries.map { exactFloat($0, vectors, k: k) }
        var report = ""
        let clock = ContinuousClock()
        // The int8 codes' own ceiling: exact search over the codes.
        var hits = 0
        for (q, expected) in zip(queries, truth) {
            hits += Set(try graph.exactNearest(to: q, k: k).map(\.node)).intersection(expected).count
        }
        report += String(format: "exact scan of int8 codes: recall@%d %.4f\n", k, Double(hits) / Double(queries.count * k))
        for rerank in [false, true] {
            for ef in efs {
                var hits = 0
                var times: [Double] = []
                for (q, expected) in zip(queries, truth) {
                    let start = clock.now
                    let found = try graph.nearest(
                        to: q, k: k, ef: ef, exactVectors: rerank ? { vectors[Int($0)] } : nil)
                    times.append(seconds(clock.now - start))
                    hits += Set(found.map(\.node)).intersection(expected).count
                }
                times.sort()
                report += String(format: "ef %4d", ef) + (rerank ? " + float re-rank" : "") + String(
                    format: ": recall@%d %.4f, p50 %.3f ms, p99 %.3f ms\n", k,
                    Double(hits) / Double(queries.count * k), times[times.count / 2] * 1000,
                    times[Swift.min(times.count - 1, times.count * 99 / 100)] * 1000)
            }
        }
        return report
    }

    /// Reads a file of little-endian float32 vectors, `dimensions` per vector.
    public static func readFloat32(path: String, dimensions: Int) throws -> [[Float]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        let count = data.count / (dimensions * 4)
        return data.withUnsafeBytes { raw in
            (0..<count).map { i in
                (0..<dimensions).map { j in
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: (i * dimensions + j) * 4, as: UInt32.self)))
                }
            }
        }
    }

    /// The true top k by float dot product.
    static func exactFloat(_ query: [Float], _ vectors: [[Float]], k: Int) -> Set<UInt32> {
        var kept = SlotHeap<WorstFirst>(capacity: k + 1)
        for (i, v) in vectors.enumerated() {
            var s: Float = 0
            for j in 0..<v.count { s += query[j] * v[j] }
            if kept.count < k {
                kept.push(ScoredSlot(score: s, slot: UInt32(i)))
            } else if s > kept.top!.score {
                kept.replaceTop(ScoredSlot(score: s, slot: UInt32(i)))
            }
        }
        return Set(kept.items.map(\.slot))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
