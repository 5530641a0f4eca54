import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed
import PaperboySearch

/// `paperboy eval judged FILE`: search quality on a judged query set, every mode run as the
/// site runs it (the first page of 10), and the mode the site uses by default.
struct EvalJudgedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "judged",
        abstract: "Print nDCG@10 and P@10 per search mode on a judged query set (Tests/PaperboyCoreTests/Fixtures/judged-queries.json).",
        discussion: """
            Each query runs through keyword, semantic and hybrid search on the database, exactly as \
            the site's first page of 10 (a mode that is unavailable, such as semantic without the \
            model, is reported as such), and "default" is the mode the site picks. Papers nobody \
            judged count as not relevant; judged@10 is the share of the top 10 that was judged.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The judged query set (JSON).")
    var file: String

    @Option(help: "The model directory (env PAPERBOY_MODEL_DIR).")
    var modelDir: String?

    @Flag(help: "Print {\"keyword\": {\"ndcg@10\": x, \"p@10\": y, \"judged@10\": z}, ..., \"default\": {\"mode\": \"hybrid\", ...}}.")
    var json = false

    @Flag(help: "Also print each query's figures and top 10 per mode.")
    var perQuery = false

    @Option(help: "Write each query's re-ranked candidates with their features and grades (JSON) for `eval fit-ranking`.")
    var featuresOut: String?

    @Option(help: "Ranking features to switch off (comma-separated), as PAPERBOY_RANKING_OFF.", transform: RankingOffOption.parse)
    var rankingOff: [RankingFeature] = []

    @Flag(help: "Print nDCG@10 with each ranking feature switched off in turn.")
    var ablation = false

    func run() async throws {
        let app = try await Bootstrap.start(global)
        let judged: JudgedQueries
        do { judged = try JudgedQueries(contentsOf: file) } catch { throw Failure(description: "\(error)") }
        var searcher = try await app.searcher(modelDirectory: modelDir, keywordIndex: .always)
        searcher.ranking.ranker.off.formUnion(rankingOff)
        let defaultMode = await searcher.defaultMode()
        var report: [String: Any] = [:]
        var lines: [String] = []
        for mode in SearchMode.allCases {
            if let reason = try await searcher.unavailability(of: mode) {
                report[mode.rawValue] = ["unavailable": reason]
                lines.append("\(mode.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0))unavailable: \(reason)")
                continue
            }
            var rankings: [[String]] = []
            for query in judged.queries {
                let request = SearchRequest(query: SearchQuery.parse(query.query), limit: 10)
                rankings.append(try await searcher.search(request, mode: mode).hits.map(\.paper.id.rawValue))
            }
            report[mode.rawValue] = figures(rankings, named: mode.rawValue, lines: &lines)
        }
        if try await searcher.unavailability(of: .hybrid) == nil {
            let queries = judged.queries.map(\.query)
            let run = try await RankingRun(searcher: searcher, queries: queries, name: { $0.rawValue })
            report["rrf"] = figures(run.fused.map { Array($0.prefix(10)) }, named: "rrf", lines: &lines)
            if let featuresOut { try RankingRun.write(run.examples(queries: queries, grades: judged.queries.map(\.grades), source: "judged"), to: featuresOut) }
            if ablation {
                for row in run.ablation(searcher.ranking.ranker, score: { judged.score($0).ndcg }) {
                    lines.append(row.feature.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "nDCG@10 %.4f", row.ndcg))
                }
            }
        }
        if var chosen = report[defaultMode.rawValue] as? [String: Any] {
            chosen["mode"] = defaultMode.rawValue
            report["default"] = chosen
        }
        func figures(_ rankings: [[String]], named name: String, lines: inout [String]) -> [String: Any] {
            let (ndcg, precision, share) = judged.score(rankings)
            var figures: [String: Any] = ["ndcg@10": ndcg, "p@10": precision, "judged@10": share]
            if perQuery {
                figures["queries"] = zip(judged.queries, rankings).map { query, ranking in
                    let one = JudgedQueries(queries: [query]).score([ranking])
                    return ["query": query.query, "ndcg@10": one.ndcg, "p@10": one.precision, "top10": Array(ranking.prefix(10))] as [String: Any]
                }
            }
            lines.append(name.padding(toLength: 9, withPad: " ", startingAt: 0)
                         + String(format: "nDCG@10 %.4f  P@10 %.4f  judged@10 %.3f", ndcg, precision, share))
            return figures
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(judged.queries.count) judged queries; the site's default mode here: \(defaultMode.rawValue)")
            lines.forEach { print($0) }
        }
    }
}
