import Foundation
import Logging

/// Where fetchers go, how politely, and what `serve` fetches on its own; defaults here once.
public struct FetchSettings: Sendable {
    /// Seconds between two requests to one source (PAPERBOY_FETCH_DELAY).
    public var delay: Double = 3
    public var oaiURL = "https://oaipmh.arxiv.org/oai"
    public var arxivAPIURL = "https://export.arxiv.org/api/query"
    public var hfURL = "https://huggingface.co/api/daily_papers"
    /// What `serve` fetches on its own schedule (PAPERBOY_FETCH_SOURCES).
    public var sources: [ScheduledSource.Kind] = [.hf, .arxiv]
    public var arxivCategories = ["cs.AI", "cs.CL", "cs.CV", "cs.LG"]
    public var oaiSet: String?

    public init() {}

    /// A client keeping the configured delay between requests.
    public func client(logger: Logger) -> PoliteClient {
        PoliteClient(settings: .init(delay: .milliseconds(Int64(delay * 1000))), logger: logger)
    }
}
