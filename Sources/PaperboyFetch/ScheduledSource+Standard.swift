import Foundation
import Logging
import PaperboyCore

extension ScheduledSource {
    /// The sources `serve` can run on its own.
    public enum Kind: String, Sendable, CaseIterable {
        case hf, arxiv, oai
    }

    /// What `serve` runs (PAPERBOY_FETCH_SOURCES): Hugging Face every hour (today and
    /// yesterday, so upvotes stay fresh), the arXiv API daily at 01:00 UTC (after arXiv's
    /// 20:00 US Eastern announcement), OAI-PMH daily at 02:00 UTC. The arXiv sources share
    /// one client, so arXiv sees one request at a time from this server.
    public static func standard(_ settings: FetchSettings, store: any FetchStateStore, now: @escaping @Sendable () -> Date,
                                logger: Logger) -> [ScheduledSource] {
        let arxivClient = settings.client(logger: logger), hfClient = settings.client(logger: logger)
        return settings.sources.map { kind in
            switch kind {
            case .hf:
                return ScheduledSource(name: kind.rawValue, schedule: .every(.seconds(3_600)), runOnStart: true) {
                    let today = Day(now())
                    let report = try await HFFetcher(store: store, client: hfClient,
                                                     options: .init(baseURL: settings.hfURL, days: today.adding(days: -1)...today),
                                                     logger: logger).run()
                    return report.summary(unit: "days")
                }
            case .arxiv:
                return ScheduledSource(name: kind.rawValue, schedule: .daily(hour: 1, minute: 0), runOnStart: true) {
                    let report = try await ArxivAPIFetcher(store: store, client: arxivClient,
                                                           options: .init(baseURL: settings.arxivAPIURL, categories: settings.arxivCategories),
                                                           logger: logger).run(today: Day(now()))
                    return report.summary()
                }
            case .oai:
                return ScheduledSource(name: kind.rawValue, schedule: .daily(hour: 2, minute: 0)) {
                    let report = try await OAIHarvester(store: store, client: arxivClient,
                                                        options: .init(baseURL: settings.oaiURL, set: settings.oaiSet), logger: logger).run(today: Day(now()))
                    return report.summary()
                }
            }
        }
    }
}
