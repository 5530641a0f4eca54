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

    public struct Report: Sendable, Equatable {
        public var days = 0
        public var records = 0
        public var inserted = 0
        public var updated = 0
        public var skipped = 0
    }

    public struct Malformed: Error, CustomStringConvertible { public var description: String }

    let store: any PaperStore
    let client: PoliteClient
    let options: Options
    let logger: Logger

    public init(store: any PaperStore, client: PoliteClient, options: Options, logger: Logger) {
        self.store = store
        self.client = client
        self.options = options
        self.logger = logger
    }

    public func run() async throws -> Report {
        let key = options.sourceKey
        var state = try await store.fetchState(key).flatMap { try? JSONDecoder().decode(State.self, from: Data($0.utf8)) } ?? State()
        var report = Report()
        var day = options.days.lowerBound
        while day <= options.days.upperBound {
            var components = URLComponents(string: options.baseURL) ?? URLComponents()
            components.queryItems = [URLQueryItem(name: "date", value: day.description)]
            let url = components.string ?? options.baseURL
            let records = try await client.page(url) { body in
                let records = HFDailyPapersParser.parse(body, source: "hf-daily-papers")
                // A body that is not the daily-papers JSON at all is a broken download.
                if records.count == 1, case .invalid(let issue) = records[0], "\(issue)".contains("JSON") {
                    throw Malformed(description: "\(issue)")
                }
                return records
            }
            var papers: [Paper] = []
            for record in records {
                switch record {
                case .paper(var paper, _):
                    if paper.listed == nil { paper.listed = day }
                    papers.append(paper)
                case .invalid(let issue):
                    report.skipped += 1
                    logger.notice("entry skipped", metadata: ["source": "\(key)", "day": "\(day)", "issue": "\(issue)"])
                }
            }
            state.lastDay = day
            state.papers += papers.count
            let counts = try await store.upsert(papers, saving: (key, String(decoding: try JSONEncoder().encode(state), as: UTF8.self)))
            report.days += 1
            report.records += papers.count
            report.inserted += counts.inserted
            report.updated += counts.updated
            logger.info("day imported", metadata: ["source": "\(key)", "day": "\(day)", "papers": "\(papers.count)",
                                                   "new": "\(counts.inserted)", "updated": "\(counts.updated)"])
            day = day.adding(days: 1)
        }
        return report
    }
}
