import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Summarise the database.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON: {papers, with_abstract, with_upvotes, earliest_published, latest_published, top_categories, database_bytes}.")
    var json = false

    func run() async throws {
        let app = try await Bootstrap.start(global)
        let stats = try await app.store.stats()
        if json {
            print(try JSONOutput.string(stats))
            return
        }
        let embedded = try await app.store.embeddingCoverage(model: SentenceEmbedder.modelName).embedded
        var lines = [
            "database     \(app.config.databasePath) (\(String(format: "%.1f", Double(stats.databaseBytes) / 1_048_576)) MiB)",
            "papers       \(stats.papers) (\(stats.withAbstract) with abstract, \(stats.withUpvotes) with upvotes)",
            "published    \(stats.earliestPublished ?? "-") to \(stats.latestPublished ?? "-")",
            "embeddings   \(embedded) of \(stats.papers) papers (\(SentenceEmbedder.modelName)\(embedded < stats.papers ? "; `paperboy embed` adds the rest" : ""))",
            "categories",
        ]
        lines += stats.topCategories.map { "  \($0.category.padding(toLength: 12, withPad: " ", startingAt: 0)) \($0.papers)" }
        print(lines.joined(separator: "\n"))
    }
}
