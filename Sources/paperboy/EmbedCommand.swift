import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed

/// Embeds every paper that has no embedding yet, in batches that each commit on their own,
/// so a stopped run loses at most one batch of work and a rerun continues.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed", abstract: "Compute the semantic embedding of every paper that has none (all-MiniLM-L6-v2).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The model directory (env PAPERBOY_MODEL_DIR, default ./models/all-MiniLM-L6-v2).")
    var modelDir: String?

    @Option(help: "Papers per transaction.")
    var batchSize = 64

    func validate() throws {
        guard (1...10_000).contains(batchSize) else { throw ValidationError("--batch-size: must be between 1 and 10000") }
    }

    func run() async throws {
        let app = try await Bootstrap.start(global)
        let directory = modelDir ?? app.config.modelDirectory
        let embedder: SentenceEmbedder
        do {
            embedder = try SentenceEmbedder(directory: directory)
        } catch {
            throw Failure(description: "\(error)")
        }
        let model = SentenceEmbedder.modelName
        let (already, papers) = try await app.store.embeddingCoverage(model: model)
        let clock = ContinuousClock()
        let started = clock.now
        var done = 0
        var progress = ProgressBar(total: papers, done: already, unit: "papers")
        while case let batch = try await embedder.embedPending(in: app.store, limit: batchSize), !batch.isEmpty {
            done += batch.count
            progress.update(done: already + done)
        }
        if done > 0 { progress.finish() }
        print("Embedded \(done) papers in \(String(format: "%.1f", (clock.now - started).seconds)) s; \(already + done) of \(papers) have an embedding.")
    }
}
