import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed

/// Measures the embedding model in process (BENCHMARKS.md): abstracts per second, and the
/// latency of one short query.
struct BenchEmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-embed", abstract: "Time all-MiniLM-L6-v2 on abstracts from the database.", shouldDisplay: false)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The model directory (model.safetensors, vocab.txt).")
    var modelDir = "models/all-MiniLM-L6-v2"

    @Option(help: "How many abstracts.")
    var count = 200

    @Option(help: "Texts embedded at once (one per core).")
    var parallel = 2

    func run() async throws {
        let app = try Bootstrap.start(global)
        let model = try MiniLM(weights: modelDir + "/model.safetensors")
        let tokenizer = try WordPieceTokenizer(vocabularyFile: modelDir + "/vocab.txt")
        let texts = try await app.store.papers(after: nil, limit: count * 3).compactMap { paper in
            paper.abstract.map { paper.title + ". " + $0 }
        }.prefix(count)
        let sequences = texts.map(tokenizer.encode)
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            await withTaskGroup(of: Void.self) { group in
                for lane in 0..<parallel {
                    group.addTask {
                        for index in stride(from: lane, to: sequences.count, by: parallel) { _ = model.embed(sequences[index]) }
                    }
                }
            }
        }
        let tokens = sequences.map(\.count).reduce(0, +)
        var latencies: [Double] = []
        for query in ["second-order optimizer preconditioning", "diffusion models for video generation", "graph neural networks"] {
            for _ in 0..<10 {
                latencies.append(clock.measure { _ = model.embed(tokenizer.encode(query)) }.seconds * 1000)
            }
        }
        latencies.sort()
        print(String(format: "%d abstracts (mean %.0f tokens) in %.1f s: %.1f abstracts/s with %d in parallel",
                     sequences.count, Double(tokens) / Double(sequences.count), elapsed.seconds,
                     Double(sequences.count) / elapsed.seconds, parallel))
        print(String(format: "one query: p50 %.2f ms, max %.2f ms", latencies[latencies.count / 2], latencies.last!))
    }
}
