import ArgumentParser
import Foundation
import PaperboyCore
import PaperboySQLite

/// Measures search latency in process (no process start, no HTTP), for BENCHMARKS.md.
struct BenchSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-search",
        abstract: "Time searches in process: p50/p99 latency over a file of queries (one per line).",
        shouldDisplay: false
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var options: BenchQueryOptions

    @Option(help: "Only papers published on or after this day (YYYY-MM-DD), for every query.")
    var since: String?

    @Flag(help: "Rank with FTS5's built-in bm25() instead of Paperboy's (same scores), for comparison.")
    var builtinBM25 = false

    func run() async throws {
        let app = try await Bootstrap.start(global)
        let store = builtinBM25 ? try SQLitePaperStore(path: app.config.databasePath, ranking: .fts5) : app.store
        let lines = try options.lines()
        let (rounds, limit) = (options.rounds, options.limit)
        let since = try DayOption.parse(since, option: "--since")
        let clock = ContinuousClock()
        var samples: [(query: String, ms: Double, total: Int)] = []
        // One round, not counted, warms the page cache as a running server would be; its first
        // search also loads the in-memory row facts, which every write makes stale.
        var first: Duration?
        for query in lines {
            let elapsed = try await clock.measure {
                _ = try await store.search(SearchRequest(query: SearchQuery.parse(query), since: since, limit: limit))
            }
            first = first ?? elapsed
        }
        for _ in 0..<max(1, rounds) {
            for query in lines {
                var total = 0
                let elapsed = try await clock.measure {
                    total = try await store.search(SearchRequest(query: SearchQuery.parse(query), since: since, limit: limit)).total
                }
                samples.append((query, elapsed.seconds * 1000, total))
            }
        }
        let sorted = samples.map(\.ms).sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
        print(String(format: "first search of the process (includes loading row facts): %.2f ms", (first ?? .zero).seconds * 1000))
        print(String(format: "searches %d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms",
                     sorted.count, percentile(0.5), percentile(0.9), percentile(0.99), sorted.last ?? 0))
        // How latency grows with the number of matching papers.
        let buckets: [(String, ClosedRange<Int>)] = [
            ("0-100", 0...100), ("101-1k", 101...1_000), ("1k-5k", 1_001...5_000),
            ("5k-20k", 5_001...20_000), (">20k", 20_001...Int.max),
        ]
        for (name, range) in buckets {
            let inBucket = samples.filter { range.contains($0.total) }.map(\.ms).sorted()
            guard !inBucket.isEmpty else { continue }
            print(String(format: "  matches %-7@ queries %4d  median %.2f ms  max %.2f ms", name, inBucket.count / max(1, rounds),
                         inBucket[inBucket.count / 2], inBucket.last!))
        }
        let slowest = Dictionary(grouping: samples, by: \.query).mapValues { ($0.map(\.ms).max() ?? 0, $0[0].total) }
            .sorted { $0.value.0 > $1.value.0 }.prefix(5)
        for (query, (ms, total)) in slowest {
            print(String(format: "  slowest: %.2f ms  %6d matches  %@", ms, total, query))
        }
    }
}
