import Foundation
import Testing

/// `paperboy fetch` as cron runs it, against a real local server replaying real pages.
@Suite struct FetchCommandTests {
    static let fixtures = TestFixtures.fetch()
    static let tokens = ["6967186|1041", "6967186|1081", "6967186|2001"]

    static func server(_ dir: TemporaryDirectory) async throws -> ReplayServer? {
        let routes = [ReplayServer.Route(path: "/oai", match: ["metadataPrefix": "oai_dc"], file: "oai-cs-page-1.xml")]
            + tokens.enumerated().map { ReplayServer.Route(path: "/oai", match: ["resumptionToken": $1], file: "oai-cs-page-\($0 + 2).xml") }
        let server = try await ReplayServer.launch(in: dir, base: fixtures, routes: routes)
        if server == nil { Issue.record("python3 cannot run the replay server") }
        return server
    }

    static func arguments(_ db: String, _ server: ReplayServer) -> [String] {
        ["fetch", "oai", "--db", db, "--base-url", server.url + "/oai", "--metadata-prefix", "oai_dc", "--set", "cs",
         "--from", "2024-01-26", "--until", "2024-01-31"]
    }

    @Test func aHarvestKilledAfterPageTwoResumesAtPageThreeAndEndsIdentical() async throws {
        let dir = try TemporaryDirectory()
        guard let server = try await Self.server(dir) else { return }
        let environment = ["PAPERBOY_FETCH_DELAY": "0.3"]

        // The reference: one uninterrupted harvest into its own database.
        let reference = dir.path("reference.sqlite")
        let whole = try await CLI.run(Self.arguments(reference, server), environment: environment, in: dir)
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout.contains("pages 4"))
        let requestsBefore = try server.requests().count

        let db = dir.path("papers.sqlite")
        let harvest = try ChildProcess(Self.arguments(db, server) + ["--log-level", "info"], executable: CLI.executable,
                                       environment: CLI.baseEnvironment.merging(environment) { $1 }, stdout: .discard, stderr: .capture)
        let (_, exit) = try await harvest.kill(atLine: .stderr) { $0.contains("page=2 ") || $0.hasSuffix("page=2") }
        #expect(exit.reason == .uncaughtSignal)

        let rerun = try await CLI.run(Self.arguments(db, server), environment: environment, in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("resumed"))
        let afterKill = try server.requests().dropFirst(requestsBefore)
        let tokensAsked = afterKill.map { $0.query["resumptionToken"] ?? "first" }
        // The killed run asked for pages 1 and 2 (perhaps 3, if the kill came after its request);
        // the rerun starts at page 3 and asks for each later page once.
        let rerunAsked = Array(tokensAsked.suffix(2))
        #expect(rerunAsked == [Self.tokens[1], Self.tokens[2]], "\(tokensAsked)")
        #expect(tokensAsked.filter { $0 == "first" }.count == 1)

        let exported = try await CLI.run(["export", "--db", db], in: dir)
        let expected = try await CLI.run(["export", "--db", reference], in: dir)
        #expect(exported.status == 0 && !exported.stdout.isEmpty)
        #expect(exported.stdout == expected.stdout)
    }

    @Test func hfAndArxivFromTheCommandLine() async throws {
        let dir = try TemporaryDirectory()
        guard let server = try await ReplayServer.launch(in: dir, base: CLI.fixture(""), routes: [
            .init(path: "/hf", match: ["date": "2026-08-21"], file: "hf-daily-papers-2026-08-21.json"),
            .init(path: "/arxiv", match: ["start": "0"], file: "arxiv-api-query.xml"),
        ]) else { Issue.record("no replay server"); return }
        let db = dir.path("papers.sqlite")
        let environment = ["PAPERBOY_FETCH_DELAY": "0.1", "PAPERBOY_ARXIV_CATEGORIES": "hep-ph,hep-ex"]
        let hf = try await CLI.run(["fetch", "hf", "--db", db, "--date", "2026-08-21", "--base-url", server.url + "/hf"],
                                   environment: environment, in: dir)
        #expect(hf.status == 0, "\(hf.stderr)")
        #expect(hf.stdout.contains("days 1, papers 17 (new 17, updated 0), skipped 0"))
        let arxiv = try await CLI.run(["fetch", "arxiv", "--db", db, "--since", "2005-01-01", "--base-url", server.url + "/arxiv"],
                                      environment: environment, in: dir)
        #expect(arxiv.status == 0, "\(arxiv.stderr)")
        #expect(arxiv.stdout.hasPrefix("pages 1, papers "))
        #expect(try server.requests().last?.query["search_query"] == "cat:hep-ph OR cat:hep-ex")

        let badCategory = try await CLI.run(["fetch", "arxiv", "--db", db, "--category", "not a category"], in: dir)
        #expect(badCategory.status != 0 && badCategory.stderr.contains("--category"))
        let badRange = try await CLI.run(["fetch", "hf", "--db", db, "--from", "2026-08-22", "--until", "2026-08-21"], in: dir)
        #expect(badRange.status != 0 && badRange.stderr.contains("--from is after --until"))
        let badConfig = try await CLI.run(["fetch", "hf", "--db", db], environment: ["PAPERBOY_FETCH_SOURCES": "rss", "PAPERBOY_FETCH_DELAY": "-1",
                                                                                 "PAPERBOY_HF_URL": "ftp://x"], in: dir)
        #expect(badConfig.status != 0)
        for key in ["PAPERBOY_FETCH_SOURCES", "PAPERBOY_FETCH_DELAY", "PAPERBOY_HF_URL"] { #expect(badConfig.stderr.contains(key)) }
    }
}
