import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyFetch

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Fetch new papers from arXiv (OAI-PMH, API) and Hugging Face; resumable, polite, cron-friendly.",
        subcommands: [Arxiv.self, OAI.self, HF.self])

    /// The client every fetcher shares: the configured delay between requests.
    static func client(_ app: Bootstrap) -> PoliteClient {
        PoliteClient(settings: .init(delay: .milliseconds(Int64(app.config.fetch.delay * 1000))), logger: app.logger)
    }

    /// What `serve` runs on its own (PAPERBOY_FETCH_SOURCES): Hugging Face every hour (today
    /// and yesterday, so upvotes stay fresh), the arXiv API daily at 01:00 UTC (after arXiv's
    /// 20:00 US Eastern announcement), OAI-PMH daily at 02:00 UTC. The arXiv sources share
    /// one client, so arXiv sees one request at a time from this server.
    static func scheduled(_ app: Bootstrap) -> [ScheduledSource] {
        let config = app.config.fetch, store = app.store, logger = app.logger
        let arxivClient = client(app), hfClient = client(app)
        return config.sources.map { name in
            switch name {
            case "hf":
                return ScheduledSource(name: "hf", schedule: .every(.seconds(3_600)), runOnStart: true) {
                    let today = Day(Date())
                    let report = try await HFFetcher(store: store, client: hfClient,
                                                     options: .init(baseURL: config.hfURL, days: today.adding(days: -1)...today),
                                                     logger: logger).run()
                    return report.summary(unit: "days")
                }
            case "arxiv":
                return ScheduledSource(name: "arxiv", schedule: .daily(hour: 1, minute: 0), runOnStart: true) {
                    let report = try await ArxivAPIFetcher(store: store, client: arxivClient,
                                                           options: .init(baseURL: config.arxivAPIURL, categories: config.arxivCategories),
                                                           logger: logger).run()
                    return report.summary()
                }
            default:
                return ScheduledSource(name: "oai", schedule: .daily(hour: 2, minute: 0)) {
                    let report = try await OAIHarvester(store: store, client: arxivClient,
                                                        options: .init(baseURL: config.oaiURL, set: config.oaiSet), logger: logger).run()
                    return report.summary()
                }
            }
        }
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
            print(report.summary())
        }
    }

    struct Arxiv: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "arxiv", abstract: "Fetch the newest papers of some categories from the arXiv API, back to --since.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "A category such as cs.CV. Repeatable; default PAPERBOY_ARXIV_CATEGORIES (cs.AI, cs.CL, cs.CV, cs.LG).")
        var category: [String] = []

        @Option(help: "Fetch back to this published day (YYYY-MM-DD); default: where the last run stopped, else 3 days ago.")
        var since: String?

        @Option(help: "The API endpoint (env PAPERBOY_ARXIV_API_URL, default https://export.arxiv.org/api/query).")
        var baseURL: String?

        func validate() throws {
            _ = try SearchCommand.day(since, option: "--since")
            for name in category where !FetchCommand.isCategory(name) {
                throw ValidationError("--category: '\(name)' is not an arXiv category (e.g. cs.CV, hep-th)")
            }
            if let baseURL, !AppConfig.isHTTPURL(baseURL) { throw ValidationError("--base-url: '\(baseURL)' is not an http(s) URL") }
        }

        func run() async throws {
            let app = try Bootstrap.start(global, createDatabase: true, defaultLogLevel: "info")
            let options = ArxivAPIFetcher.Options(baseURL: baseURL ?? app.config.fetch.arxivAPIURL,
                                                  categories: category.isEmpty ? app.config.fetch.arxivCategories : category,
                                                  since: try SearchCommand.day(since, option: "--since"))
            let report = try await ArxivAPIFetcher(store: app.store, client: FetchCommand.client(app), options: options, logger: app.logger).run()
            print(report.summary())
        }
    }

    struct HF: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hf", abstract: "Import Hugging Face Daily Papers for a day or a range of days, refreshing upvotes.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "The day (YYYY-MM-DD); default today (UTC).")
        var date: String?

        @Option(help: "First day of a range (with --until).")
        var from: String?

        @Option(help: "Last day of a range; default today.")
        var until: String?

        @Option(help: "The endpoint (env PAPERBOY_HF_URL, default https://huggingface.co/api/daily_papers).")
        var baseURL: String?

        func validate() throws {
            let first = try SearchCommand.day(from, option: "--from"), last = try SearchCommand.day(until, option: "--until")
            _ = try SearchCommand.day(date, option: "--date")
            if date != nil && (from != nil || until != nil) { throw ValidationError("give --date, or --from/--until, not both") }
            if let first, let last, first > last { throw ValidationError("--from is after --until") }
            if let first, let last, last.daysSinceEpoch - first.daysSinceEpoch > 3_660 { throw ValidationError("a range of at most ten years") }
            if let baseURL, !AppConfig.isHTTPURL(baseURL) { throw ValidationError("--base-url: '\(baseURL)' is not an http(s) URL") }
        }

        func run() async throws {
            let app = try Bootstrap.start(global, createDatabase: true, defaultLogLevel: "info")
            let today = Day(Date())
            let days: ClosedRange<Day>
            if let date = try SearchCommand.day(date, option: "--date") {
                days = date...date
            } else {
                let last = try SearchCommand.day(until, option: "--until") ?? today
                days = (try SearchCommand.day(from, option: "--from") ?? last)...last
            }
            let options = HFFetcher.Options(baseURL: baseURL ?? app.config.fetch.hfURL, days: days)
            let report = try await HFFetcher(store: app.store, client: FetchCommand.client(app), options: options, logger: app.logger).run()
            print(report.summary(unit: "days"))
        }
    }

    /// `cs.CV`, `math.AG`, `hep-th`, `cond-mat.str-el`: archive, optionally a subject class.
    static func isCategory(_ text: String) -> Bool {
        text.range(of: #"^[a-z-]{2,20}(\.[A-Za-z-]{2,20})?$"#, options: .regularExpression) != nil
    }
}
