import Foundation
import Logging
import PaperboyCore
import PaperboyFetch
import PaperboyMemoryStore
import PaperboyTestSupport
import Testing

/// The OAI-PMH harvester against a real HTTP server replaying real recorded pages.
@Suite struct OAIHarvesterTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let tokens = ["6967186|1041", "6967186|1081", "6967186|2001"]

    /// The four pages: the first for the request with a metadataPrefix, the others by token.
    static func routes(faults: [Int: [ReplayServer.Fault]] = [:]) -> [ReplayServer.Route] {
        [ReplayServer.Route(path: "/oai", match: ["metadataPrefix": "oai_dc"], file: "oai-cs-page-1.xml", faults: faults[1] ?? [])]
            + tokens.enumerated().map { i, token in
                ReplayServer.Route(path: "/oai", match: ["resumptionToken": token], file: "oai-cs-page-\(i + 2).xml", faults: faults[i + 2] ?? [])
            }
    }

    static func server(_ dir: TemporaryDirectory, faults: [Int: [ReplayServer.Fault]] = [:]) throws -> ReplayServer? {
        let server = try ReplayServer(in: dir, base: fixtures, routes: routes(faults: faults))
        if server == nil { Issue.record("python3 cannot run the replay server") }
        return server
    }

    static func harvester(_ store: any PaperStore & FetchStateStore, _ server: ReplayServer, delay: Duration = .milliseconds(200)) -> OAIHarvester {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let client = PoliteClient(settings: .init(delay: delay, timeout: .seconds(2), attempts: 3), logger: logger)
        return OAIHarvester(store: store, client: client,
                            options: .init(baseURL: server.url + "/oai", metadataPrefix: "oai_dc", set: "cs", from: Day("2024-01-26")),
                            logger: logger)
    }

    @Test func aMultiPageListIsImportedOnceWithPoliteSpacing() async throws {
        let dir = try TemporaryDirectory()
        guard let server = try Self.server(dir) else { return }
        let store: any PaperStore & FetchStateStore = InMemoryPaperStore()
        let report = try await Self.harvester(store, server).run(today: Day("2024-01-31")!)
        #expect(report.pages == 4)
        #expect(report.records + report.skipped == 153)
        #expect(report.inserted == report.records)
        #expect(try await store.count() == report.records)
        let requests = try server.requests()
        #expect(requests.map { $0.query["resumptionToken"] } == [nil] + Self.tokens.map { Optional($0) })
        #expect(requests[0].query == ["verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "cs", "from": "2024-01-26", "until": "2024-01-31"])
        #expect(requests.allSatisfy { $0.agent.hasPrefix("Paperboy/") })
        let gaps = zip(requests.dropFirst(), requests).map { $0.time - $1.time }
        #expect(gaps.allSatisfy { $0 >= 0.2 }, "\(gaps)")

        // The next run starts where this one finished, and re-importing changes nothing.
        let state = try #require(try await store.fetchState(OAIHarvester.Options(baseURL: server.url + "/oai", metadataPrefix: "oai_dc", set: "cs").sourceKey))
        #expect(state.contains("\"harvestedThrough\":\"2024-01-31\""))
        let again = try await Self.harvester(store, server).run(today: Day("2024-01-31")!)
        #expect(again.inserted == 0 && again.updated == 0 && again.pages == 4)
    }

    @Test func busyServersBrokenPagesAndTimeoutsAreRetried() async throws {
        let dir = try TemporaryDirectory()
        guard let server = try Self.server(dir, faults: [2: [.busy(retryAfter: 1), .truncated], 3: [.serverError, .hang(5)]]) else { return }
        let store: any PaperStore & FetchStateStore = InMemoryPaperStore()
        let report = try await Self.harvester(store, server).run(today: Day("2024-01-31")!)
        #expect(report.pages == 4)
        #expect(try await store.count() == report.records)
        let requests = try server.requests()
        let page2 = requests.enumerated().filter { $0.element.query["resumptionToken"] == Self.tokens[0] }
        #expect(page2.map(\.element.status) == [503, 200, 200])
        // The 503 asked for one second and got it.
        #expect(requests[page2[1].offset].time - requests[page2[0].offset].time >= 1.0)
        let page3 = requests.filter { $0.query["resumptionToken"] == Self.tokens[1] }
        #expect(page3.map(\.status) == [500, 200, 200])
    }

    @Test func aPageThatStaysBrokenFailsTheRunWithoutImportingIt() async throws {
        let dir = try TemporaryDirectory()
        guard let server = try Self.server(dir, faults: [2: Array(repeating: .truncated, count: 10)]) else { return }
        let store: any PaperStore & FetchStateStore = InMemoryPaperStore()
        await #expect(throws: (any Error).self) { try await Self.harvester(store, server, delay: .milliseconds(20)).run(today: Day("2024-01-31")!) }
        // Page 1 is in, page 2 is not (not even in part), and the state points at page 2.
        #expect(try await store.count() <= 40)
        #expect(try await store.paper(id: PaperID.parse("2212.07778")!.id) != nil)
        let truncated = try server.requests().filter { $0.query["resumptionToken"] == Self.tokens[0] }
        #expect(truncated.count == 4, "one try and three retries")
    }

    @Test func anExpiredResumptionTokenRestartsTheWindow() async throws {
        let dir = try TemporaryDirectory()
        let bad = #"<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-31T07:28:24Z</responseDate><request verb="ListRecords">http://export.arxiv.org/oai2</request><error code="badResumptionToken">The value of the resumptionToken argument is invalid or expired.</error></OAI-PMH>"#
        try dir.write("bad-token.xml", bad)
        for page in 1...4 {
            try FileManager.default.copyItem(atPath: "\(Self.fixtures)/oai-cs-page-\(page).xml", toPath: dir.path("oai-cs-page-\(page).xml"))
        }
        // The token of page 3 has expired the first time it is used.
        guard let server = try ReplayServer(in: dir, base: dir.url.path, routes: [
            ReplayServer.Route(path: "/oai", match: ["resumptionToken": Self.tokens[1]], file: "oai-cs-page-3.xml",
                               faults: [.instead("bad-token.xml")]),
        ] + Self.routes()) else { return }
        let store: any PaperStore & FetchStateStore = InMemoryPaperStore()
        let report = try await Self.harvester(store, server).run(today: Day("2024-01-31")!)
        // Pages 1 and 2, the refusal, then the whole window again: nothing lost, nothing doubled.
        let asked = try server.requests().map { $0.query["resumptionToken"] ?? "first" }
        #expect(asked == ["first", Self.tokens[0], Self.tokens[1], "first", Self.tokens[0], Self.tokens[1], Self.tokens[2]])
        #expect(try await store.count() == report.inserted)
        #expect(report.records + report.skipped == 153 + 80)
    }

    @Test func oaiErrorsAreHandled() async throws {
        let dir = try TemporaryDirectory()
        let empty = #"<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-31T07:28:24Z</responseDate><request verb="ListRecords">http://export.arxiv.org/oai2</request><error code="noRecordsMatch">The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.</error></OAI-PMH>"#
        try dir.write("empty.xml", empty)
        guard let server = try ReplayServer(in: dir, base: dir.url.path, routes: [ReplayServer.Route(path: "/oai", file: "empty.xml")]) else { return }
        let store: any PaperStore & FetchStateStore = InMemoryPaperStore()
        let report = try await Self.harvester(store, server).run(today: Day("2024-01-31")!)
        #expect(report.pages == 0 && report.records == 0)
    }
}
