import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed

/// Measures the embedding model in process (BENCHMARKS.md, scripts/bench-embed.sh):
/// abstracts per second over the same texts the PyTorch reference embeds, one short
/// query's latency, and a semantic query end to end (embedding plus top 10 over every
/// stored embedding).
struct BenchEmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-embed", abstract: "Time all-MiniLM-L6-v2 and semantic queries.", shouldDisplay: false)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The model directory (model.safetensors, vocab.txt).")
    var modelDir = "models/all-MiniLM-L6-v2"

    @Option(help: "Texts to embed, one JSON string per line (default: abstracts from the database).")
    var texts: String?

    @Option(help: "How many abstracts, without --texts.")
    var count = 200

    @Option(help: "Write the vectors here (float32, one row of 384 per text), to compare with the reference.")
    var saveVectors: String?

    @Option(help: "Queries, one per line: time embedding each plus a top-10 search over the database's embeddings.")
    var queries: String?

    func run() async throws {
        let embedder = try SentenceEmbedder(directory: modelDir)
        let inputs: [String]
        if let texts {
            inputs = try String(contentsOfFile: texts, encoding: .utf8).split(separator: "\n").map { line in
                guard let text = try JSONSerialization.jsonObject(with: Data(line.utf8), options: .fragmentsAllowed) as? String else {
                    throw Failure(description: "\(texts): every line must be a JSON string")
                }
                return text
            }
        } else {
            inputs = try await Bootstrap.start(global).store.papers(after: nil, limit: count * 3).filter { $0.abstract != nil }
                .prefix(count).map(SentenceEmbedder.text(of:))
        }
        let clock = ContinuousClock()
        var vectors: [[Float]] = []
        let elapsed = await clock.measure { vectors = await embedder.embed(inputs) }
        print(String(format: "%d texts in %.1f s: %.1f texts/s on %d cores", inputs.count, elapsed.seconds,
                     Double(inputs.count) / elapsed.seconds, ProcessInfo.processInfo.activeProcessorCount))
        if let saveVectors {
            let flat = vectors.flatMap { $0 }
            try flat.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: saveVectors))
        }
        var latencies: [Double] = []
        for query in ["second-order optimizer preconditioning", "diffusion models for video generation", "graph neural networks"] {
            for _ in 0..<10 { latencies.append(clock.measure { _ = embedder.embed(query) }.seconds * 1000) }
        }
        print("one query's embedding: " + BenchEmbedCommand.percentiles(latencies))

        guard let queries else { return }
        let lines = try String(contentsOfFile: queries, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let loadStart = clock.now
        let index = VectorIndex(try await Bootstrap.start(global).store.embeddings(model: SentenceEmbedder.modelName))
        print(String(format: "loaded %d embeddings in %.2f s", index.count, (clock.now - loadStart).seconds))
        var embedOnly: [Double] = [], searchOnly: [Double] = [], total: [Double] = []
        for _ in 0..<3 {
            for line in lines {
                let started = clock.now
                let vector = embedder.embed(line)
                let embedded = clock.now
                _ = index.nearest(to: vector, k: 10)
                let done = clock.now
                embedOnly.append((embedded - started).seconds * 1000)
                searchOnly.append((done - embedded).seconds * 1000)
                total.append((done - started).seconds * 1000)
            }
        }
        print("query embedding: " + BenchEmbedCommand.percentiles(embedOnly))
        print("top-10 over \(index.count): " + BenchEmbedCommand.percentiles(searchOnly))
        print("embedding + top-10 (\(total.count) queries): " + BenchEmbedCommand.percentiles(total))
    }

    static func percentiles(_ values: [Double]) -> String {
        let sorted = values.sorted()
        func at(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))] }
        return String(format: "p50 %.2f ms, p99 %.2f ms, max %.2f ms", at(0.5), at(0.99), sorted.last ?? 0)
    }
}
