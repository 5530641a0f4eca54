import ArgumentParser

@main
struct Paperboy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paperboy",
        abstract: "Trending research papers in your inbox, once a day.",
        subcommands: [
            ImportCommand.self, ExportCommand.self, SearchCommand.self, ShowCommand.self,
            StatsCommand.self, SimilarCommand.self, ServeCommand.self, DigestCommand.self, FetchCommand.self, EmbedCommand.self, EvalCommand.self, IndexCommand.self,
            MigrateStoreCommand.self,
            BenchSearchCommand.self, BenchKeywordIndexCommand.self, BenchSimilarCommand.self, BenchDigestCommand.self, BenchEmbedCommand.self, BenchVectorsCommand.self, BenchRankingCommand.self,
        ]
    )
}
