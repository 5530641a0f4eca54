import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PaperboyCore
import PaperboyMail
import PaperboyServer
import PaperboySQLite
import PaperboyTestSupport

/// A real SQLite database in a temporary directory, filled from the project's fixtures
/// (real papers and a real Hugging Face Daily Papers day), and the site over it.
struct TestSite {
    let directory: TemporaryDirectory
    let store: SQLitePaperStore
    let site: Site

    /// The title of the paper added to check escaping.
    static let hostileTitle = "<script>alert(1)</script> & \"quotes\""
    static let hostileID = PaperID.parse("2609.00001")!.id

    static var relaxedSettings: ServerSettings {
        var settings = ServerSettings(publicURL: "https://papers.example.org", voteBurst: 1_000)
        settings.subscribeBurst = 1_000
        settings.votesPerNetworkPerPaperDaily = 1_000
        return settings
    }

    static func make(settings: ServerSettings = TestSite.relaxedSettings,
                     transport: (any MailTransport)? = nil, logger given: Logger? = nil,
                     now: @escaping @Sendable () -> Date = { Date() }) async throws -> TestSite {
        let directory = try TemporaryDirectory()
        let store = try SQLitePaperStore(path: directory.path("paperboy.sqlite"))
        let importer = Importer(store: store)
        for fixture in ["papers-sample.jsonl.gz", "hf-daily-papers-2026-08-21.json", "hf-daily-papers-2025-03-04.json"] {
            let report = try await importer.importFile(fixturePath(fixture))
            precondition(report.error == nil && report.skipped == 0, "fixture \(fixture) did not import cleanly")
        }
        _ = try await store.upsert([Paper(
            id: hostileID, title: hostileTitle, abstract: "An abstract with <b>markup</b> and </textarea> in it.",
            authors: ["Mallory <img src=x onerror=alert(2)>"], categories: ["cs.CR"],
            published: Day("2026-08-20"), sources: ["test"])])
        var logger = given ?? Logger(label: "paperboy.test")
        if given == nil { logger.logLevel = .critical }
        let mail = MailSetup(transport: transport ?? MaildirTransport(directory: URL(fileURLWithPath: directory.path("outbox"))),
                             settings: DigestRunner.Settings(sender: EmailAddress("paperboy@papers.example.org")!))
        PaperboyServer.bootstrapMetrics()
        let site = try await Site(store: store, settings: settings, mail: mail, now: now, logger: logger)
        return TestSite(directory: directory, store: store, site: site)
    }

    static func fixturePath(_ name: String) -> String { TestFixtures.core(name) }

    static func fixtureData(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: fixturePath(name)))
    }

    /// The site's routes and its HTTP server settings (the idle timeout), without the
    /// background services.
    var application: some ApplicationProtocol {
        Application(router: PaperboyServer.router(site: site), server: PaperboyServer.server(site.settings), logger: site.logger)
    }

    /// Runs `body` against the app through Hummingbird's in-process test client.
    func test<Value>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await application.test(.router, body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The `error` object of a JSON error response.
    var error: [String: Any] { object["error"] as? [String: Any] ?? [:] }

    /// The body as a JSON object (empty when it is not one, which the assertions then catch).
    var object: [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:]
    }
}

/// The real HF fixture of 2026-08-21: paper ids with their upvotes, in the file's order.
func hfDay20260821() throws -> [(id: String, upvotes: Int)] {
    let entries = try JSONSerialization.jsonObject(with: TestSite.fixtureData("hf-daily-papers-2026-08-21.json")) as? [[String: Any]] ?? []
    return entries.compactMap { entry in
        guard let paper = entry["paper"] as? [String: Any], let id = paper["id"] as? String else { return nil }
        return (id, paper["upvotes"] as? Int ?? 0)
    }
}
