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

    @Flag(help: .hidden) var skipFts = false

    @Option(help: .hidden) var dumpResults: String?

    /// Leaves the second tiers unwalked (`KeywordIndex.walkTiers`), for a comparison in one run.
    @Flag(help: .hidden) var noTiers = false

    /// Papers indexed again before timing, as papers changed since the last rebuild leave
    /// tombstones in a running server's index (it rebuilds past a fifth).
    @Option(help: .hidden) var tombstones = 0

    /// Also times what an API request does after the index: reading the page's papers from
    /// the store and writing them as JSON (where a keyword request's time goes, BENCHMARKS.md).
    @Flag(help: .hidden) var readPages = false

    func run() async throws {
        let app = try await Bootstrap.start(global)
        let lines = try options.lines()
        let (rounds, limit) = (options.rounds, options.limit)
        let clock = ContinuousClock()

        // The index a server keeps: its snapshot beside the database, else built (and saved).
        let residentBefore = Self.residentMiB()
        let service = KeywordSearchService(store: app.store, snapshotPath: app.config.keywordIndexPath,
                                           logger: app.logger)
        try await service.open()
        let status = service.status
        print(String(format: "index of %d papers %@ in %.1f s; resident memory +%.0f MiB",
                     status.papers, status.origin == "built" ? "built" : "loaded from its snapshot",
                     status.origin == "built" ? status.buildSeconds : status.loadSeconds, Self.residentMiB() - residentBefore))
        guard var index = service.withIndex({ $0 }) else { return }
        if tombstones > 0 {
            var random = SplitMix64(seed: 14)
            var ids: [PaperID] = []
            var after: PaperID?
            while case let page = try await app.store.papers(after: after, limit: 5_000), let last = page.last {
                ids += page.map(\.id)
                after = last.id
            }
            ids.shuffle(using: &random)
            for paper in try await app.store.papers(ids: Array(ids.prefix(tombstones))) { index.add(paper) }
            print(String(format: "%d papers indexed again: %.1f%% of the documents are tombstones", tombstones, index.deadShare * 100))
        }

        var dump = ""
        defer { if let dumpResults { try? dump.write(toFile: dumpResults, atomically: true, encoding: .utf8) } }
        for (name, shape) in [("all words", { (q: SearchQuery) in q }), ("any words", { (q: SearchQuery) in q.anyWords })] {
            let parsed = lines.map { shape(SearchQuery.parse($0)) }
            var ours: [Double] = [], theirs: [Double] = [], counting: [Double] = []
            var slowest: [(ms: Double, query: String)] = []
            var reading: [Double] = [], writing: [Double] = []
            var declined = 0, agree = 0, compared = 0, totalsAgree = 0
            let trace = KeywordSearchTrace()
            for round in 0...max(1, rounds) {
                for (number, query) in parsed.enumerated() {
                    guard let text = TextQuery(query) else { continue }
                    var hits: [KeywordIndex.Hit]?
                    let elapsed = clock.measure { hits = index.search(text, limit: limit, tiers: !noTiers, trace: round == 1 ? trace : nil) }
                    var results = SearchResults(total: 0, hits: [])
                    let reference = skipFts ? .zero : try await clock.measure { results = try await app.store.search(SearchRequest(query: query, limit: limit)) }
                    // Round 0 warms both, uncounted.
                    guard round > 0 else { continue }
                    guard let hits else { declined += 1; continue }
                    ours.append(elapsed.seconds * 1000)
                    theirs.append(reference.seconds * 1000)
                    slowest.append((elapsed.seconds * 1000, lines[number]))
                    // The exact total a page shows, counted without scoring.
                    var total: Int?
                    if readPages {
                        var papers: [Paper] = []
                        reading.append(try await clock.measure { papers = try await app.store.papers(ids: hits.map(\.id)) }.seconds * 1000)
                        let page = papers.map { SearchHit(paper: $0, score: 1) }
                        writing.append(clock.measure { _ = PaperListJSON(query: lines[number], total: page.count, offset: 0, hits: page).jsonBytes() }.seconds * 1000)
                    }
                    counting.append(clock.measure { total = index.count(text) }.seconds * 1000)
                    if round == 1, total == results.total { totalsAgree += 1 }
                    if round == 1 {
                        dump += "\(name)\t\(lines[number])\t" + hits.map { "\($0.id.rawValue):\($0.score)" }.joined(separator: " ") + "\n"
                    }
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
            print("  exact totals: \(Self.summary(counting)); \(totalsAgree) of \(compared) equal to FTS5's count")
            if readPages {
                print("  reading the page's papers from the store: \(Self.summary(reading)); writing their JSON: \(Self.summary(writing))")
            }
            print("  second tiers walked by \(trace.tierWalks) of \(compared) queries, \(trace.tierCandidates) papers scored there")
            if options.slowest > 0 {
                var worst: [String: Double] = [:]
                for sample in slowest { worst[sample.query] = max(worst[sample.query] ?? 0, sample.ms) }
                let listed = worst.sorted { $0.value > $1.value }.prefix(options.slowest)
                print("  slowest: " + listed.map { String(format: "%@ %.2f ms", $0.key, $0.value) }.joined(separator: "; "))
            }
        }
    }

    static func summary(_ samples: [Double]) -> String {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return "no samples" }
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
        // The mean too: what a server's throughput follows.
        return String(format: "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.3f ms", percentile(0.5), percentile(0.9),
                      percentile(0.99), sorted.last!, sorted.reduce(0, +) / Double(sorted.count))
    }

    /// This process's resident memory (Linux), in MiB.
    static func residentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}
