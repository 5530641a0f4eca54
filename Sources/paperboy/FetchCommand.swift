import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyFetch

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Fetch new papers from arXiv (OAI-PMH, API) and Hugging Face; resumable, polite, cron-friendly.",
        subcommands: [Arxiv.self, OAI.self, HF.self])

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
            _ = try DayOption.parse(from, option: "--from")
            _ = try DayOption.parse(until, option: "--until")
            if let set, set.isEmpty || set.count > 64 || set.contains(where: { $0.isWhitespace }) {
                throw ValidationError("--set: '\(set)' is not an OAI set name")
            }
            if let baseURL, !AppConfig.isHTTPURL(baseURL) { throw ValidationError("--base-url: '\(baseURL)' is not an http(s) URL") }
        }

        func run() async throws {
            let app = try await Bootstrap.start(global, createDatabase: true, defaultLogLevel: "info")
            let options = OAIHarvester.Options(baseURL: baseURL ?? app.config.fetch.oaiURL, metadataPrefix: metadataPrefix, set: set,
                                               from: try DayOption.parse(from, option: "--from"),
                                               until: try DayOption.parse(until, option: "--until"))
            let harvester = OAIHarvester(store: app.store, client: app.config.fetch.client(logger: app.logger), options: options, logger: app.logger)
            let report = try await harvester.run(today: Day(app.now()))
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
            _ = try DayOption.parse(since, option: "--since")
            for name in category where !ArxivSubjects.isCategoryCode(name) {
                throw ValidationError("--category: '\(name)' is not an arXiv category (e.g. cs.CV, hep-th)")
            }
            if let baseURL, !AppConfig.isHTTPURL(baseURL) { throw ValidationError("--base-url: '\(baseURL)' is not an http(s) URL") }
        }

        func run() async throws {
            let app = try await Bootstrap.start(global, createDatabase: true, defaultLogLevel: "info")
            let options = ArxivAPIFetcher.Options(baseURL: baseURL ?? app.config.fetch.arxivAPIURL,
                                                  categories: category.isEmpty ? app.config.fetch.arxivCategories : category,
                                                  since: try DayOption.parse(since, option: "--since"))
            let report = try await ArxivAPIFetcher(store: app.store, client: app.config.fetch.client(logger: app.logger), options: options, logger: app.logger).run(today: Day(app.now()))
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
            let first = try DayOption.parse(from, option: "--from"), last = try DayOption.parse(until, option: "--until")
            _ = try DayOption.parse(date, option: "--date")
            if date != nil && (from != nil || until != nil) { throw ValidationError("give --date, or --from/--until, not both") }
            if let first, let last, first > last { throw ValidationError("--from is after --until") }
            if let first, let last, last.daysSinceEpoch - first.daysSinceEpoch > 3_660 { throw ValidationError("a range of at most ten years") }
            if let baseURL, !AppConfig.isHTTPURL(baseURL) { throw ValidationError("--base-url: '\(baseURL)' is not an http(s) URL") }
        }

        func run() async throws {
            let app = try await Bootstrap.start(global, createDatabase: true, defaultLogLevel: "info")
            let today = Day(app.now())
            let days: ClosedRange<Day>
            if let date = try DayOption.parse(date, option: "--date") {
                days = date...date
            } else {
                let last = try DayOption.parse(until, option: "--until") ?? today
                days = (try DayOption.parse(from, option: "--from") ?? last)...last
            }
            let options = HFFetcher.Options(baseURL: baseURL ?? app.config.fetch.hfURL, days: days)
            let report = try await HFFetcher(store: app.store, client: app.config.fetch.client(logger: app.logger), options: options, logger: app.logger).run()
            print(report.summary(unit: "days"))
        }
    }
}
