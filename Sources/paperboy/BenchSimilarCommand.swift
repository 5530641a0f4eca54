import ArgumentParser
import Foundation
import PaperboyCore

/// Measures similar-paper queries in process (what a paper page's first view costs), for
/// BENCHMARKS.md.
struct BenchSimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-similar",
        abstract: "Time similar-paper queries in process: p50/p95 over the papers a search returns.",
        shouldDisplay: false
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "The search whose results are the papers to time.")
    var query = "learning"

    @Option(help: "How many papers.")
    var count = 200

    @Option(help: "Search results to skip first (the top ones are often the papers a server precomputes).")
    var offset = 200

    func run() async throws {
        let app = try await Bootstrap.start(global)
        let ids = try await app.store.search(SearchRequest(query: SearchQuery.parse(query), limit: count, offset: offset)).hits.map(\.paper.id)
        let clock = ContinuousClock()
        let warmUp = try await clock.measure { try await app.store.warmUp() }
        var samples: [Double] = []
        for id in ids {
            let elapsed = try await clock.measure { _ = try await app.store.similar(to: id, limit: 50) }
            samples.append(elapsed.seconds * 1000)
        }
        samples.sort()
        guard !samples.isEmpty else { throw Failure(description: "no papers match \(query)") }
        func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int((Double(samples.count) * p).rounded(.up)) - 1)] }
        print(String(format: "warm-up (term statistics): %.0f ms", warmUp.seconds * 1000))
        print(String(format: "similar papers for %d papers: p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms",
                     samples.count, percentile(0.5), percentile(0.95), percentile(0.99), samples.last!))
    }
}
