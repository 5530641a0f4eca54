import Foundation
import Logging
import PaperboyCore

/// Harvests arXiv's OAI-PMH `ListRecords`, following resumption tokens to the end.
///
/// Each page is imported in one transaction together with the harvest's progress (the
/// token of the next page), so a crash, kill or network failure resumes exactly after the
/// last imported page: nothing is skipped and nothing imported twice. A finished window
/// records the day it reached, and the next run harvests from there.
public struct OAIHarvester: Sendable {
    public struct Options: Sendable {
        public var baseURL: String
        public var metadataPrefix: String
        public var set: String?
        public var from: Day?
        public var until: Day?
        /// Times a malformed or truncated page is fetched again before the run fails.
        public var malformedRetries = 3

        public init(baseURL: String = "https://oaipmh.arxiv.org/oai", metadataPrefix: String = "arXiv", set: String? = nil,
                    from: Day? = nil, until: Day? = nil) {
            self.baseURL = baseURL
            self.metadataPrefix = metadataPrefix
            self.set = set
            self.from = from
            self.until = until
        }

        /// The state key: one harvest per base URL, format and set.
        public var sourceKey: String { "oai|\(baseURL)|\(metadataPrefix)|\(set ?? "*")" }
    }

    /// What the database remembers between runs.
    public struct State: Codable, Sendable, Equatable {
        public var from: Day?
        public var until: Day?
        public var resumptionToken: String?
        public var pages = 0
        public var records = 0
        public var completeListSize: Int?
        /// The last day a finished harvest covered.
        public var harvestedThrough: Day?
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
        if state.resumptionToken != nil {
            report.resumed = true
            logger.info("resuming harvest", metadata: ["source": "\(key)", "pages_done": "\(state.pages)"])
        } else {
            // A new window: from the day the last one reached (inclusive: datestamps are days).
            state.from = options.from ?? state.harvestedThrough
            state.until = options.until ?? today
            state.pages = 0
            state.records = 0
        }
        var restarts = 0
        while true {
            let url = pageURL(state)
            let source = "oai-pmh:\(options.metadataPrefix)"
            let page = try await client.page(url, retries: options.malformedRetries) { try OAIPMHPage.parse($0, source: source) }
            if let (code, message) = page.error {
                switch code {
                case "noRecordsMatch":
                    logger.info("no records in the window", metadata: ["source": "\(key)"])
                case "badResumptionToken" where restarts < 2:
                    // The token expired (arXiv keeps them for a while): harvest the window again.
                    restarts += 1
                    logger.warning("resumption token refused, restarting the window", metadata: ["source": "\(key)", "message": "\(message)"])
                    state.resumptionToken = nil
                    state.pages = 0
                    continue
                default:
                    throw PoliteClient.Failure(description: "OAI-PMH error \(code): \(message)", permanent: true)
                }
            }
            let papers = steps.papers(page.records, report: &report, page: "\(state.pages + 1)")
            state.pages += page.error == nil ? 1 : 0
            state.records += papers.count
            state.completeListSize = page.completeListSize ?? state.completeListSize
            state.resumptionToken = page.error == nil ? page.resumptionToken : nil
            if state.resumptionToken == nil {
                state.harvestedThrough = state.until
            }
            try await steps.importPage(papers, state: state, report: &report, isPage: page.error == nil)
            logger.info("page imported", metadata: ["source": "\(key)", "page": "\(state.pages)", "records": "\(papers.count)",
                                                    "total": "\(state.records)", "of": "\(state.completeListSize.map(String.init) ?? "?")"])
            if state.resumptionToken == nil { return report }
        }
    }

    func pageURL(_ state: State) -> String {
        var items = [URLQueryItem(name: "verb", value: "ListRecords")]
        if let token = state.resumptionToken {
            items.append(URLQueryItem(name: "resumptionToken", value: token))
        } else {
            items.append(URLQueryItem(name: "metadataPrefix", value: options.metadataPrefix))
            if let set = options.set { items.append(URLQueryItem(name: "set", value: set)) }
            if let from = state.from { items.append(URLQueryItem(name: "from", value: from.description)) }
            if let until = state.until { items.append(URLQueryItem(name: "until", value: until.description)) }
        }
        var components = URLComponents(string: options.baseURL) ?? URLComponents()
        components.queryItems = items
        // "+" and "/" inside tokens must reach the server encoded.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.string ?? options.baseURL
    }
}
