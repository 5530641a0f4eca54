import Foundation
import Logging
import PaperboyCore

/// Imports Hugging Face Daily Papers (`/api/daily_papers?date=`) day by day, which also
/// refreshes the upvote counts of papers already known. Each day is one transaction with the
/// fetcher's progress.
public struct HFFetcher: Sendable {
    public struct Options: Sendable {
        public var baseURL: String
        public var days: ClosedRange<Day>

        public init(baseURL: String = "https://huggingface.co/api/daily_papers", days: ClosedRange<Day>) {
            self.baseURL = baseURL
            self.days = days
        }

        public var sourceKey: String { "hf|\(baseURL)" }
    }

    public struct State: Codable, Sendable {
        public var lastDay: Day?
        public var papers = 0
    }

    let store: any FetchStateStore
    let client: PoliteClient
    let options: Options
    let logger: Logger

    public init(store: any FetchStateStore, client: PoliteClient, options: Options, logger: Logger) {
        self.store = store
        self.client = client
        self.options = options
        self.logger = logger
    }

    /// A report whose pages are days.
    public func run() async throws -> FetchReport {
        let key = options.sourceKey
        let steps = FetchSteps(store: store, key: key, logger: logger)
        var state = try await steps.state(or: State())
        var report = FetchReport()
        var day = options.days.lowerBound
        while day <= options.days.upperBound {
            var components = URLComponents(string: options.baseURL) ?? URLComponents()
            components.queryItems = [URLQueryItem(name: "date", value: day.description)]
            let url = components.string ?? options.baseURL
            let records = try await client.page(url) { try HFDailyPapersParser.parsePage($0, source: "hf-daily-papers") }
            let papers = steps.papers(records, report: &report, page: day.description).map { paper in
                var listed = paper
                if listed.listed == nil { listed.listed = day }
                return listed
            }
            state.lastDay = day
            state.papers += papers.count
            try await steps.importPage(papers, state: state, report: &report)
            logger.info("day imported", metadata: ["source": "\(key)", "day": "\(day)", "papers": "\(papers.count)"])
            day = day.adding(days: 1)
        }
        return report
    }
}
