import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed
import PaperboySearch

/// Times what hybrid ranking adds to a search, in process, for BENCHMARKS.md (issue 18): for
/// each query the two legs are found once (untimed), then the rounds time the page of plain
/// reciprocal rank fusion (fuse, read the page's papers) against the re-ranked page (read the
/// candidates, their cosines, sense, positions and priors, score, order).
struct BenchRankingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-ranking",
        abstract: "Time hybrid search's re-ranking against plain fusion, in process, over a file of queries.",
        shouldDisplay: false
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var options: BenchQueryOptions

    @Option(help: "The model directory (env PAPERBOY_MODEL_DIR).")
    var modelDir: String?

    func run() async throws {
        let app = try await Bootstrap.start(global)
        let searcher = try await app.searcher(modelDirectory: modelDir, keywordIndex: .always)
        if let reason = try await searcher.unavailability(of: .hybrid) { throw Failure(description: reason) }
        let queries = try options.lines()
        guard !queries.isEmpty else { throw Failure(description: "\(options.queries) holds no query") }
        var legs: [PaperSearcher.Legs] = []
        for query in queries {
            legs.append(try await searcher.legs(SearchRequest(query: SearchQuery.parse(query), limit: options.limit)))
        }
        let clock = ContinuousClock()
        var fused: [Double] = [], ranked: [Double] = []
        for round in 0...max(1, options.rounds) {
            for leg in legs {
                let plain = try await clock.measure {
                    let page = searcher.fusion.fuse([leg.keyword.map(\.id), leg.semantic.map(\.id)]).prefix(options.limit)
                    _ = try await app.store.papers(ids: page.map(\.id))
                }
                let reranked = try await clock.measure { _ = try await searcher.ranked(leg) }
                // Round 0 warms the caches, as a running server's would be.
                if round > 0 {
                    fused.append(plain.seconds * 1000)
                    ranked.append(reranked.seconds * 1000)
                }
            }
        }
        func line(_ name: String, _ samples: [Double]) -> String {
            let sorted = samples.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
            return String(format: "%@ %d pages  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms", name, sorted.count,
                          percentile(0.5), percentile(0.9), percentile(0.99), sorted.last ?? 0)
        }
        print("\(legs.count) queries, legs \(searcher.depth) deep, \(searcher.ranking.depth) candidates re-ranked, a page of \(options.limit)")
        print(line("fusion only (fuse, read the page):     ", fused))
        print(line("re-ranked (read, features, score, order):", ranked))
    }
}
