import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyFetch

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Fetch new papers from arXiv (OAI-PMH, API) and Hugging Face; resumable, polite, cron-friendly.",
        subcommands: [OAI.self])

    /// The client every fetcher shares: the configured delay between requests.
    static func client(_ app: Bootstrap) -> PoliteClient {
        PoliteClient(settings: .init(delay: .milliseconds(Int64(app.config.fetch.delay * 1000))), logger: app.logger)
    }

    struct OAI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "oai",
            abstract: "Harvest arXiv OAI-PMH ListRecords to the end, resuming where a stopped run left off (the bulk backfill path).")

        @OptionGroup var global: GlobalOptions

        @Option(help: "arXiv (default), arXivRaw or oai_dc.")
        var metadataPrefix = "arXiv"

        @Option(help: "An OAI set, such as cs or physics:hep-th.")
        var set: String?

        @Option(help: "First datestamp (YYYY-MM-DD); default: where the last finished harvest stopped.")
        var from: String?

        @Option(help: "Last datestamp (YYYY-MM-DD); default today.")
        var until: String?

        @Option(help: "The OAI-PMH endpoint (env PAPERBOY_OAI_URL, default https://oaipmh.arxiv.org/oai).")
        var baseURL: String?

        func validate() throws {
            guard ["arXiv", "arXivRaw", "oai_dc"].contains(metadataPrefix) else {
                throw ValidationError("--metadata-prefix: must be arXiv, arXivRaw or oai_dc")
            }
            _ = try SearchCommand.day(from, option: "--from")
            _ = try SearchCommand.day(until, option: "--until")
            if let set, set.isEmpty || set.count > 64 || set.contains(where: { $0.isWhitespace }) {
                throw ValidationError("--set: '\(set)' is not an OAI set name")
            }
            if let baseURL, !AppConfig.isHTTPURL(baseURL) { throw ValidationError("--base-url: '\(baseURL)' is not an http(s) URL") }
        }

        func run() async throws {
            let app = try Bootstrap.start(global, createDatabase: true, defaultLogLevel: "info")
            let options = OAIHarvester.Options(baseURL: baseURL ?? app.config.fetch.oaiURL, metadataPrefix: metadataPrefix, set: set,
                                               from: try SearchCommand.day(from, option: "--from"),
                                               until: try SearchCommand.day(until, option: "--until"))
            let harvester = OAIHarvester(store: app.store, client: FetchCommand.client(app), options: options, logger: app.logger)
            let report = try await harvester.run()
            print("pages \(report.pages), records \(report.records) (new \(report.inserted), updated \(report.updated)), skipped \(report.skipped)"
                  + (report.resumed ? ", resumed" : ""))
        }
    }
}
