import ArgumentParser
import Foundation
import PaperboyCore
import PaperboySearch

/// Builds the pruning keyword index from the store and times top-k queries on it beside the
/// store's FTS5 search in the same run (issue 14), all-words and any-words, for BENCHMARKS.md.
struct BenchKeywordIndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-keyword-index",
        abstract: "Build the block-max keyword index from the store and time queries on it and on FTS5.",
        shouldDisplay: false
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var options: BenchQueryOptions

    func run() async throws {
        let app = try Bootstrap.start(global)
        let lines = try options.lines()
        let (rounds, limit) = (options.rounds, options.limit)
        let clock = ContinuousClock()

        let residentBefore = Self.residentMiB()
        var index = KeywordIndex()
        var read = 0
        let built = try await clock.measure {
            var after: PaperID?
            while true {
                let page = try await app.store.papers(after: after, limit: 5_000)
                guard let last = page.last else { break }
                for paper in page { index.add(paper) }
                read += page.count
                after = last.id
            }
        }
        print(String(format: "index of %d papers built in %.1f s (%.0f papers/s, reading the store included); resident memory +%.0f MiB",
                     index.count, built.seconds, Double(read) / built.seconds, Self.residentMiB() - residentBefore))

        for (name, shape) in [("all words", { (q: SearchQuery) in q }), ("any words", { (q: SearchQuery) in q.anyWords })] {
            let parsed = lines.map { shape(SearchQuery.parse($0)) }
            var ours: [Double] = [], theirs: [Double] = []
            var declined = 0, agree = 0, compared = 0
            for round in 0...max(1, rounds) {
                for query in parsed {
                    guard let text = TextQuery(query) else { continue }
                    var hits: [KeywordIndex.Hit]?
                    let elapsed = clock.measure { hits = index.search(text, limit: limit) }
                    var results = SearchResults(total: 0, hits: [])
                    let reference = try await clock.measure { results = try await app.store.search(SearchRequest(query: query, limit: limit)) }
                    // Round 0 warms both, uncounted.
                    guard round > 0 else { continue }
                    guard let hits else { declined += 1; continue }
                    ours.append(elapsed.seconds * 1000)
                    theirs.append(reference.seconds * 1000)
                    if round == 1 {
                        // The same scores in the same order (papers of equal score may trade places).
                        compared += 1
                        let a = hits.map { ($0.score * 1e9).rounded() }, b = results.hits.map { ($0.score * 1e9).rounded() }
                        if a == b { agree += 1 }
                    }
                }
            }
            print("\(name), top \(limit), \(lines.count) queries x \(rounds) rounds: \(Self.summary(ours)) (index); "
                  + "\(Self.summary(theirs)) (FTS5, same queries); \(agree) of \(compared) with the same scores in order; \(declined / max(1, rounds)) declined")
        }
    }

    static func summary(_ samples: [Double]) -> String {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return "no samples" }
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
        return String(format: "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", percentile(0.5), percentile(0.9), percentile(0.99), sorted.last!)
    }

    /// This process's resident memory (Linux), in MiB.
    static func residentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}
