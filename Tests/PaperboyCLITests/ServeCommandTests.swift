import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PaperboyCore
import Testing

/// The real `paperboy serve` process: the newcomer's first start, a clean stop, and the
/// pages as a real browser (headless Chromium) renders them.
@Suite(.serialized) struct ServeCommandTests {
    /// A running server on a free port, stopped by `stop()`.
    final class Server: @unchecked Sendable {
        let child: ChildProcess
        let url: String
        let directory: TemporaryDirectory

        /// `db`: the database (`--db`); the SQLite file `paperboy.sqlite` in the directory by default.
        init(arguments: [String] = [], environment: [String: String] = [:], in given: TemporaryDirectory? = nil,
             db: String? = nil) async throws {
            directory = try given ?? TemporaryDirectory()
            // Mail goes to the test's own Maildir, never the working directory.
            // No fetcher reaches the internet unless a test points one at its replay server.
            // No model: the pages under test are the keyword ones, and no embedding competes
            // with the other tests for the cores (the server tests cover semantic search).
            let settings = ["PAPERBOY_OUTBOX": directory.path("outbox"), "PAPERBOY_FETCH_SOURCES": "none",
                            "PAPERBOY_MODEL_DIR": directory.path("no-model")]
            child = try ChildProcess(["serve", "--db", db ?? directory.path("paperboy.sqlite"), "--port", "0"] + arguments, executable: CLI.executable,
                                     environment: CLI.baseEnvironment.merging(settings) { $1 }.merging(environment) { $1 })
            // The server prints one line with its address once it is listening.
            let first: String?
            do { first = try await child.line { _ in true } } catch { child.terminate(); throw error }
            guard let line = first, let range = line.range(of: #"http://[^ /]+/"#, options: .regularExpression) else {
                child.terminate()
                throw CLI.Failure(description: "serve printed no address: \(first ?? "")")
            }
            url = String(line[range].dropLast())
        }

        func get(_ path: String) async throws -> (Int, String) {
            let (data, response) = try await URLSession.shared.data(from: URL(string: url + path)!)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }

        /// SIGTERM, then its exit, awaited.
        func stop() async -> (Process.TerminationReason, Int32) {
            let exit = await child.stop()
            return (exit.reason, exit.status)
        }

        /// SIGTERM without waiting, for a `defer`.
        func terminate() { child.terminate() }

        // The directory goes when the last reference to it does: not before the server has
        // exited, or a snapshot it saves while stopping lands in a half-removed directory.
        deinit { child.terminateAndWait() }
    }

    @Test func aFirstStartShowsTheSampleAndSIGTERMStopsCleanly() async throws {
        let server = try await Server()
        let (status, health) = try await server.get("/healthz")
        #expect(status == 200)
        #expect(health.contains("\"papers\":331"))
        let (homeStatus, home) = try await server.get("/")
        #expect(homeStatus == 200)
        #expect(home.contains("Only 331 papers here so far"))
        #expect(home.contains("paperboy import"))
        let (reason, code) = await server.stop()
        #expect(reason == .exit)
        #expect(code == 0)
    }

    func post(_ server: Server, _ path: String, json: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: server.url + path)!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(json.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func aSubscriptionGetsItsConfirmationFromTheSchedulerAtOnce() async throws {
        let server = try await Server()
        defer { server.terminate() }
        let (status, _) = try await post(server, "/api/subscriptions", json: #"{"email": "reader@example.org", "topics": ["diffusion"]}"#)
        #expect(status == 202)
        // The scheduler wakes up for it; wait for the file (bounded), not for a fixed time.
        let outbox = URL(fileURLWithPath: server.directory.path("outbox/new"))
        let deadline = ContinuousClock.now + .seconds(30)
        var files: [URL] = []
        while files.isEmpty, ContinuousClock.now < deadline {
            files = ((try? FileManager.default.contentsOfDirectory(at: outbox, includingPropertiesForKeys: nil)) ?? []).filter { $0.pathExtension == "eml" }
            if files.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        let message = try #require(files.first, "no confirmation email in the outbox")
        let parsed = try #require(try await SMTPSink.parsed([message]).first)
        #expect((parsed["headers"] as? [String: String])?["Subject"] == "Confirm your Paperboy subscription")
        let link = try #require((parsed["links"] as? [String])?.first { $0.hasPrefix(server.url + "/subscribe/confirm?token=") })
        let (confirmed, page) = try await server.get(String(link.dropFirst(server.url.count)))
        #expect(confirmed == 200)
        #expect(page.contains("You are subscribed"))
        _ = await server.stop()
    }

    @Test func theServerFetchesOnItsScheduleAndShowsItOnTheAdminPage() async throws {
        let replayDir = try TemporaryDirectory()
        let today = Day(Date()).description
        try FileManager.default.copyItem(atPath: CLI.fixture("hf-daily-papers-2026-08-21.json"), toPath: replayDir.path("today.json"))
        try replayDir.write("empty.json", "[]")
        guard let replay = try await ReplayServer.launch(in: replayDir, base: replayDir.url.path, routes: [
            .init(path: "/api/daily_papers", match: ["date": today], file: "today.json"),
            .init(path: "/api/daily_papers", file: "empty.json"),
        ]) else { Issue.record("no replay server"); return }
        let token = "admin-token-for-the-test-0123456789"
        let server = try await Server(arguments: ["--no-sample"], environment: [
            "PAPERBOY_FETCH_SOURCES": "hf", "PAPERBOY_HF_URL": replay.url + "/api/daily_papers", "PAPERBOY_FETCH_DELAY": "0.2",
            "PAPERBOY_ADMIN_TOKEN": token])
        defer { server.terminate() }
        // The Hugging Face source runs at start: wait (bounded) until its papers are in.
        let deadline = ContinuousClock.now + .seconds(60)
        var health = ""
        while !health.contains("\"papers\":17"), ContinuousClock.now < deadline {
            (_, health) = try await server.get("/healthz")
            if !health.contains("\"papers\":17") { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(health.contains("\"papers\":17"))
        // (The 401 without a token is checked through the router: URLSession on Linux waits
        // for credentials when a 401 asks for them.)
        var request = URLRequest(url: URL(string: server.url + "/admin/sources")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        var page = ""
        while ContinuousClock.now < deadline {
            let (data, _) = try await URLSession.shared.data(for: request)
            page = String(decoding: data, as: UTF8.self)
            if page.contains("days 2, papers 17") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(page.contains("every 60 min"))
        #expect(page.contains("days 2, papers 17 (new 17, updated 0)"))
        #expect(page.contains("hf|" + replay.url))
        let requests = try replay.requests()
        #expect(requests.count == 2 && requests.allSatisfy { $0.agent.hasPrefix("Paperboy/") })
    }

    @Test func noSampleMeansAnEmptySite() async throws {
        let server = try await Server(arguments: ["--no-sample"])
        let (_, health) = try await server.get("/healthz")
        #expect(health.contains("\"papers\":0"))
        let (_, home) = try await server.get("/")
        #expect(home.contains("No papers appeared in this period."))
        _ = await server.stop()
    }

    /// `--model-dir` names the model as `PAPERBOY_MODEL_DIR` does and wins over it (the
    /// server's environment names another directory): the answer names the flag's.
    @Test func theModelDirectoryFlagOverridesTheEnvironment() async throws {
        let server = try await Server(arguments: ["--no-sample", "--model-dir", "flag-model"])
        let (status, body) = try await server.get("/api/search?q=video&mode=semantic")
        #expect(status == 503)
        #expect(body.contains("not installed in flag-model"), "\(body)")
        #expect(!body.contains("no-model"))
        _ = await server.stop()
    }

    static var chromium: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }

    /// Where screenshots land: `screenshots/` at the top of the repository (README says so).
    static var screenshotDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("screenshots")
    }

    static func browser(_ chromium: String, _ arguments: [String], in directory: TemporaryDirectory) async throws -> CLI.Result {
        try await CLI.run(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(directory.path("chromium"))"]
                          + arguments, executable: URL(fileURLWithPath: chromium), in: directory)
    }

    @Test(.enabled(if: TestTools.chromium)) func pagesRenderInHeadlessChromium() async throws {
        guard let chromium = Self.chromium else {
            if ProcessInfo.processInfo.environment["PAPERBOY_TEST_REQUIRE_TOOLS"] == "1" { Issue.record("chromium is not installed") }
            return
        }
        let server = try await Server()
        defer { server.terminate() }
        let (_, trending) = try await server.get("/api/trending?limit=1")
        let top = try #require(try JSONSerialization.jsonObject(with: Data(trending.utf8)) as? [String: Any])
        let paper = try #require((top["results"] as? [[String: Any]])?.first)
        let id = try #require(paper["id"] as? String), title = try #require(paper["title"] as? String)

        try FileManager.default.createDirectory(at: Self.screenshotDirectory, withIntermediateDirectories: true)
        let pages: [(name: String, path: String, mustShow: [String], cards: Int)] = [
            ("home", "/", ["Trending papers", title], 10),
            ("search-diffusion", "/search?q=diffusion", ["papers match", "Diffusion"], 5),
            ("paper", "/papers/\(id)", [title, "Similar papers", "@misc{"], 10),
        ]
        for page in pages {
            // The DOM the browser built: the page parsed and shows what it should.
            let dom = try await Self.browser(chromium, ["--dump-dom", server.url + page.path], in: server.directory)
            #expect(dom.status == 0)
            for text in page.mustShow {
                #expect(dom.stdout.contains(text.replacingOccurrences(of: "'", with: "&#39;")) || dom.stdout.contains(text),
                        "\(page.name) does not show \(text)")
            }
            #expect(dom.stdout.components(separatedBy: "class=\"card\"").count - 1 >= page.cards, "\(page.name)")

            let file = Self.screenshotDirectory.appendingPathComponent("\(page.name).png")
            try? FileManager.default.removeItem(at: file)
            let shot = try await Self.browser(chromium, ["--window-size=1280,1400", "--screenshot=\(file.path)", server.url + page.path],
                                              in: server.directory)
            #expect(shot.status == 0)
            let png = try Data(contentsOf: file)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            // Width and height from the IHDR chunk.
            let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == 1280 && height == 1400, "\(page.name): \(width)x\(height)")
            // A blank or unstyled page compresses to a few kilobytes; a rendered one does not.
            #expect(png.count > 40_000, "\(page.name) screenshot is only \(png.count) bytes")
        }
    }
}
