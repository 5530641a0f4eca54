import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed
import PaperboyVectors

/// Builds the HNSW vector index from real embeddings (the database's) or from a file of
/// float32 vectors (`make-scale-corpus.py --vectors-out`), and measures recall@10 against
/// exact float search with held-out queries, latency per beam width, build time and memory,
/// for BENCHMARKS.md (issue 14).
struct BenchVectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-vectors",
        abstract: "Measure the HNSW vector index: recall against exact search, latency, build time, memory.",
        shouldDisplay: false
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "A file of little-endian float32 vectors (384 a vector) instead of the database's embeddings.")
    var vectors: String?

    @Option(help: "Vectors held out of the index as queries.")
    var queries = 1_000

    @Option(help: "Use at most this many vectors.")
    var limit: Int?

    @Option(help: "Beam widths to measure, comma-separated.")
    var ef = "32,64,128,256"

    @Option(help: "Threads building the graph, comma-separated to build and measure once per count (1: one insert at a time).")
    var workers = "\(VectorGraph.defaultWorkers)"

    @Option(help: "Beam widths while inserting, comma-separated to build and measure once per width.")
    var efConstruction = "\(VectorGraph.defaultEfConstruction)"

    func run() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        var all: [[Float]]
        if let vectors {
            all = try VectorGraphBenchmark.readFloat32(path: vectors, dimensions: MiniLM.hidden)
        } else {
            all = try await Bootstrap.start(global).store.embeddings(model: SentenceEmbedder.modelName).map(\.vector)
        }
        if let limit { all = Array(all.prefix(limit)) }
        print(String(format: "read %d vectors in %.1f s", all.count, (clock.now - started).seconds))
        // Seeded: the same queries every run.
        var random = SplitMix64(seed: 14)
        var held: [[Float]] = []
        for _ in 0..<min(queries, all.count / 2) {
            held.append(all.remove(at: Int(random.next() % UInt64(all.count))))
        }
        for construction in efConstruction.split(separator: ",").compactMap({ Int($0) }) {
            for count in workers.split(separator: ",").compactMap({ Int($0) }) {
                let report = try VectorGraphBenchmark.run(
                    vectors: all, queries: held, k: 10, efs: ef.split(separator: ",").compactMap { Int($0) },
                    efConstruction: construction, workers: count)
                print(report, terminator: "")
            }
        }
        print(String(format: "resident memory of the process: %.0f MiB (the float vectors the benchmark keeps for exact search included)", BenchKeywordIndexCommand.residentMiB()))
    }
}
