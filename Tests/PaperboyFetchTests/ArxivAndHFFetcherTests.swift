import Foundation
import Logging
import PaperboyCore
import PaperboyFetch
import PaperboyMemoryStore
import PaperboyTestSupport
import Testing

/// The arXiv API and Hugging Face fetchers against a real HTTP server replaying the real
/// recorded responses of the Core fixtures.
@Suite struct ArxivAndHFFetcherTests {
    static let coreFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PaperboyCoreTests/Fixtures").path

    static func client(delay: Duration = .milliseconds(150)) -> PoliteClient {
        PoliteClient(settings: .init(delay: delay, timeout: .seconds(2), attempts: 3), logger: quiet)
    }

    static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test func theArxivAPIIsPagedNewestFirstBackToSince() async throws {
        let dir = try TemporaryDirectory()
        guard let server = try ReplayServer(in: dir, base: Self.coreFixtures, routes: [
            .init(path: "/api/query", match: ["start": "0"], file: "arxiv-api-query.xml", faults: [.busy(retryAfter: 1)]),
            .init(path: "/api/query", match: ["start": "10"], file: "arxiv-api-empty.xml"),
        ]) else { Issue.record("no replay server"); return }
        let store: any PaperStore & FetchStateStore = InMemoryPaperStore()
        let options = ArxivAPIFetcher.Options(baseURL: server.url + "/api/query", categories: ["hep-ph", "hep-ex"], since: Day("1990-01-01"))
        let report = try await ArxivAPIFetcher(store: store, client: Self.client(), options: options, logger: Self.quiet).run()
        #expect(report.pages == 2 && report.records == 10 && report.inserted == 10)
        let requests = try server.requests()
        #expect(requests.map(\.status) == [503, 200, 200])
        #expect(requests[1].query == ["search_query": "cat:hep-ph OR cat:hep-ex", "sortBy": "submittedDate", "sortOrder": "descending",
                                      "start": "0", "max_results": "100"])
        #expect(requests[1].time - requests[0].time >= 1.0, "Retry-After honoured")
        #expect(requests[2].time - requests[1].time >= 0.15)
        let state = try #require(try await store.fetchState(options.sourceKey))
        #expect(state.contains("\"completedThrough\":\"2021-01-29\""))

        // The next run goes back only to the newest paper it saw (a day of overlap).
        var next = options
        next.since = nil
        let again = try await ArxivAPIFetcher(store: store, client: Self.client(), options: next, logger: Self.quiet).run()
        #expect(again.pages == 1 && again.records == 1 && again.inserted == 0)
    }

    @Test func anErrorEntryAndABadPageFailTheRun() async throws {
        let dir = try TemporaryDirectory()
        // No recording of arXiv's error entry exists in the fixtures; this one follows the
        // documented form (https://info.arxiv.org/help/api/user-manual.html#errors).
        try dir.write("error.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
              <title>ArXiv Query: search_query=&amp;id_list=1234.12345v&amp;start=0&amp;max_results=10</title>
              <id>http://arxiv.org/api/kvuntZ8c9a4Eq5CF7KY03nMug+Q</id>
              <opensearch:totalResults>1</opensearch:totalResults>
              <entry>
                <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345v</id>
                <title>Error</title>
                <summary>incorrect id format for 1234.12345v</summary>
              </entry>
            </feed>
            """)
        try FileManager.default.copyItem(atPath: Self.coreFixtures + "/arxiv-api-query.xml", toPath: dir.path("query.xml"))
        guard let server = try ReplayServer(in: dir, base: dir.url.path, routes: [
            .init(path: "/bad-query", file: "error.xml"),
            .init(path: "/broken", file: "query.xml", faults: Array(repeating: .truncated, count: 8)),
        ]) else { Issue.record("no replay server"); return }
        let store: any PaperStore & FetchStateStore = InMemoryPaperStore()
        for path in ["/bad-query", "/broken"] {
            let options = ArxivAPIFetcher.Options(baseURL: server.url + path, categories: ["cs.CV"], since: Day("1990-01-01"))
            await #expect(throws: (any Error).self, "\(path)") {
                try await ArxivAPIFetcher(store: store, client: Self.client(delay: .milliseconds(10)), options: options, logger: Self.quiet).run()
            }
        }
        #expect(try await store.count() == 0)
        #expect(try server.requests().filter { $0.path == "/broken" }.count == 4)
    }

    @Test func hfDaysImportAndUpvotesRefresh() async throws {
        let dir = try TemporaryDirectory()
        let original = try Data(contentsOf: URL(fileURLWithPath: Self.coreFixtures + "/hf-daily-papers-2026-08-21.json"))
        try original.write(to: dir.url.appendingPathComponent("day1.json"))
        // The same day an hour later: every paper has ten more upvotes.
        var entries = try JSONSerialization.jsonObject(with: original) as! [[String: Any]]
        for i in entries.indices {
            var paper = entries[i]["paper"] as! [String: Any]
            paper["upvotes"] = (paper["upvotes"] as? Int ?? 0) + 10
            entries[i]["paper"] = paper
        }
        try JSONSerialization.data(withJSONObject: entries).write(to: dir.url.appendingPathComponent("day1-later.json"))
        try Data(contentsOf: URL(fileURLWithPath: Self.coreFixtures + "/hf-daily-papers-2025-03-04.json"))
            .write(to: dir.url.appendingPathComponent("day2.json"))
        guard let first = try ReplayServer(in: dir, base: dir.url.path, routes: [
            .init(path: "/api/daily_papers", match: ["date": "2026-08-21"], file: "day1.json", faults: [.truncated]),
            .init(path: "/api/daily_papers", match: ["date": "2026-08-22"], file: "day2.json"),
        ]) else { Issue.record("no replay server"); return }
        let store: any PaperStore & FetchStateStore = InMemoryPaperStore()
        let days = Day("2026-08-21")!...Day("2026-08-22")!
        let report = try await HFFetcher(store: store, client: Self.client(), options: .init(baseURL: first.url + "/api/daily_papers", days: days),
                                         logger: Self.quiet).run()
        #expect(report.pages == 2)
        #expect(report.inserted == report.records && report.records > 17)
        #expect(try first.requests().map(\.status) == [200, 200, 200], "the truncated first answer was fetched again")
        let paper = try #require(try await store.paper(id: PaperID.parse("2608.19880")!.id))
        #expect(paper.upvotes == 163)
        #expect(paper.listed == Day("2026-08-21"))

        guard let later = try ReplayServer(in: dir, base: dir.url.path, routes: [
            .init(path: "/api/daily_papers", match: ["date": "2026-08-21"], file: "day1-later.json"),
        ]) else { return }
        let refresh = try await HFFetcher(store: store, client: Self.client(), options: .init(baseURL: later.url + "/api/daily_papers",
                                                                                               days: days.lowerBound...days.lowerBound), logger: Self.quiet).run()
        #expect(refresh.updated == 17 && refresh.inserted == 0)
        #expect(try await store.paper(id: PaperID.parse("2608.19880")!.id)?.upvotes == 173)
    }
}
