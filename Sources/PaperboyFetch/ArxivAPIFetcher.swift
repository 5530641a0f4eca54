import Foundation
import Logging
import PaperboyCore

/// Fetches the newest papers of some categories from the arXiv API (`/api/query`), newest
/// first, page by page, until it reaches papers older than `since`.
///
/// Progress is saved with every page: a run that stops resumes at its next page with the
/// same window; only a finished run moves `completedThrough`, from which the next run starts.
public struct ArxivAPIFetcher: Sendable {
    public struct Options: Sendable {
        public var baseURL: String
        public var categories: [String]
        public var since: Day?
        public var pageSize = 100
        /// A bound on one run (the API serves at most 30,000 results per query anyway).
        public var maxResults = 5_000

        public init(baseURL: String = "https://export.arxiv.org/api/query", categories: [String], since: Day? = nil) {
            self.baseURL = baseURL
            self.categories = categories
            self.since = since
        }

        public var sourceKey: String { "arxiv-api|\(baseURL)|\(categories.sorted().joined(separator: ","))" }
    }

    public struct State: Codable, Sendable {
        /// The newest published day a finished run saw: the next run goes back to it.
        public var completedThrough: Day?
        /// The run in progress: its window start, next offset and newest day so far.
        public var since: Day?
        public var start: Int?
        public var newest: Day?
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

    public func run(today: Day = Day(Date())) async throws -> FetchReport {
        let key = options.sourceKey
        let steps = FetchSteps(store: store, key: key, logger: logger)
        var state = try await steps.state(or: State())
        var report = FetchReport()
        if state.start != nil, state.since != nil {
            report.resumed = true
        } else {
            state.since = options.since ?? state.completedThrough?.adding(days: -1) ?? today.adding(days: -3)
            state.start = 0
            state.newest = nil
        }
        let since = state.since!
        while true {
            let start = state.start ?? 0
            let url = pageURL(start: start)
            let page = try await client.page(url) { try ArxivAPIPage.parse($0, source: "arxiv-api") }
            if let error = page.error { throw PoliteClient.Failure(description: "the arXiv API refused the query: \(error)", permanent: true) }
            var papers: [Paper] = []
            var reachedOld = false
            for paper in steps.papers(page.records, report: &report, page: "\(start)") {
                if let published = paper.published, published < since {
                    reachedOld = true
                } else {
                    papers.append(paper)
                    if let published = paper.published, published > (state.newest ?? published.adding(days: -1)) { state.newest = published }
                }
            }
            let next = start + page.records.count
            let finished = reachedOld || page.records.isEmpty || next >= (page.totalResults ?? .max) || next >= options.maxResults
            if finished {
                state.completedThrough = state.newest ?? state.completedThrough ?? since
                state.since = nil
                state.start = nil
                state.newest = nil
            } else {
                state.start = next
            }
            try await steps.importPage(papers, state: state, report: &report)
            logger.info("page imported", metadata: ["source": "\(key)", "start": "\(start)", "records": "\(papers.count)"])
            if finished { return report }
        }
    }

    func pageURL(start: Int) -> String {
        let query = options.categories.map { "cat:\($0)" }.joined(separator: " OR ")
        var components = URLComponents(string: options.baseURL) ?? URLComponents()
        components.queryItems = [
            URLQueryItem(name: "search_query", value: query), URLQueryItem(name: "sortBy", value: "submittedDate"),
            URLQueryItem(name: "sortOrder", value: "descending"), URLQueryItem(name: "start", value: String(start)),
            URLQueryItem(name: "max_results", value: String(options.pageSize)),
        ]
        return components.string ?? options.baseURL
    }
}
