import ArgumentParser
import Foundation
import PaperboyCore

/// `paperboy eval fit-ranking FILE...`: learns the hybrid ranker's weights from the candidate
/// features that `eval beir --features-out` and `eval judged --features-out` wrote
/// (`scripts/fit-ranking.sh` runs all three and writes the weights into the source).
struct EvalFitRankingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit-ranking",
        abstract: "Learn the hybrid ranker's weights (coordinate ascent on nDCG@10) from saved candidate features.",
        discussion: """
            Each source (SciFact train, the judged set) weighs alike. Prints nDCG@10 per source for \
            plain fusion, the ranker in use and the fitted one, the judged set's figure by \
            cross-validation (each fold scored by weights fitted without it), and the weights.
            """)

    @Argument(help: "Feature files (JSON) from `eval beir --features-out` and `eval judged --features-out`.")
    var files: [String]

    @Option(help: "Features to leave out of the fit (comma-separated).", transform: RankingOffOption.parse)
    var off: [RankingFeature] = []

    @Option(help: "Folds for cross-validating each source's figure (0: none).")
    var folds = 5

    @Flag(help: "Also refit without each feature in turn and print the figures (the ablation).")
    var ablation = false

    @Option(help: "Write the fitted weights as Swift source to this file (LinearRanker+Learned.swift).")
    var write: String?

    func run() async throws {
        var examples: [RankingExample] = []
        for file in files {
            do { examples += try JSONDecoder().decode([RankingExample].self, from: Data(contentsOf: URL(fileURLWithPath: file))) } catch {
                throw Failure(description: "\(file) is not a feature file from --features-out: \(error)")
            }
        }
        guard !examples.isEmpty else { throw Failure(description: "no examples in \(files.joined(separator: ", "))") }
        let width = RankingFeature.allCases.count
        if let bad = examples.first(where: { $0.features.count != $0.candidates.count || $0.features.contains { $0.count != width } }) {
            throw Failure(description: "the query \"\(bad.query)\" has features that are not one row of \(width) per candidate (a file from another version?)")
        }
        let sources = Set(examples.map(\.source)).sorted()
        func line(_ name: String, _ ranker: LinearRanker) -> String {
            let figures = ranker.ndcg(bySource: examples)
            return name.padding(toLength: 28, withPad: " ", startingAt: 0) + sources.map { String(format: "%@ %.4f", $0, figures[$0]!) }.joined(separator: "  ")
        }
        let start = LinearRanker(weights: LinearRanker.fusionOnly.weights, off: Set(off))
        let fitted = LinearRanker.fit(examples, start: start)
        print("\(examples.count) queries: " + sources.map { s in "\(examples.filter { $0.source == s }.count) \(s)" }.joined(separator: ", "))
        print(line("fusion only", .fusionOnly))
        print(line("in use (learned)", .learned))
        print(line("fitted", fitted))
        if folds > 1 {
            print("cross-validated (\(folds) folds, each scored by weights fitted without it):")
            for source in sources { print(String(format: "  %@ %.4f", source, crossValidated(examples, source: source, start: start))) }
        }
        if ablation {
            // The two rank shares are the fusion the ranker starts from, not a feature to drop.
            print("refitted without each feature:")
            for feature in RankingFeature.allCases where !off.contains(feature) && feature != .keywordRank && feature != .semanticRank {
                let without = LinearRanker.fit(examples, start: LinearRanker(weights: start.weights.filter { $0.key != feature }, off: start.off.union([feature])))
                print(line("  without \(feature.rawValue)", without))
            }
        }
        print("weights: " + RankingFeature.allCases.filter { !fitted.off.contains($0) }.compactMap { f in fitted.weights[f].map { "\(f.rawValue) \($0)" } }.joined(separator: ", "))
        if let write { try EvalFitRankingCommand.source(fitted).write(toFile: write, atomically: true, encoding: .utf8) }
    }

    /// The mean nDCG@10 of `source`'s queries, each fold of them scored by weights fitted on
    /// everything else (the other folds and the other sources): what the fit does for queries
    /// it has not seen. Folds by a hash of the query, so every run splits alike.
    func crossValidated(_ examples: [RankingExample], source: String, start: LinearRanker) -> Double {
        var total = 0.0, count = 0
        func fold(_ example: RankingExample) -> Int {
            Int(example.query.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 } % UInt64(folds))
        }
        for held in 0..<folds {
            let heldOut = examples.filter { $0.source == source && fold($0) == held }
            guard !heldOut.isEmpty else { continue }
            let ranker = LinearRanker.fit(examples.filter { !($0.source == source && fold($0) == held) }, start: start)
            total += heldOut.reduce(0.0) { $0 + $1.ndcg(ranker) }
            count += heldOut.count
        }
        return total / Double(max(1, count))
    }

    static func source(_ ranker: LinearRanker) -> String {
        let weights = RankingFeature.allCases.filter { !ranker.off.contains($0) }.compactMap { f in ranker.weights[f].map { "            .\(f.rawValue): \($0)," } }
        return """
            extension LinearRanker {
                /// The weights hybrid search uses, learned by `scripts/fit-ranking.sh` from SciFact's
                /// train queries and the judged set (`paperboy eval fit-ranking`; BENCHMARKS.md has the
                /// figures). Do not edit by hand: run the script.
                public static let learned = LinearRanker(
                    weights: [
            \(weights.isEmpty ? "            :" : weights.joined(separator: "\n"))
                    ])
            }

            """
    }
}
