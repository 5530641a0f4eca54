import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PaperboyCore
import PaperboyPostgres
import Testing

/// Three `paperboy serve` processes on one PostgreSQL database behind nginx
/// (scripts/nginx-balancer.sh), as the README deploys them.
@Suite(.serialized, .enabled(if: TestTools.postgres && TestTools.nginx, "needs PAPERBOY_TEST_POSTGRES_URL and nginx"))
struct PostgresClusterTests {
    @Test func threeServersBehindNginxActAsOneSite() async throws {
        let dir = try TemporaryDirectory()
        let db = try TestPostgres.freshSchemaURL()
        #expect(try await CLI.run(["import", "--db", db, CLI.fixture("papers-sample.jsonl")], in: dir).status == 0)
        var servers: [ServeCommandTests.Server] = []
        defer { for server in servers { server.terminate() } }
        for _ in 0..<3 {
            let own = try TemporaryDirectory()
            servers.append(try await ServeCommandTests.Server(
                environment: ["PAPERBOY_INDEX_DIR": own.path(""), "PAPERBOY_TRUSTED_PROXIES": "127.0.0.1"], in: own, db: db))
        }
        let port = try await Self.freePort()
        let ports = servers.map { String($0.url.split(separator: ":").last!) }
        let nginx = try ChildProcess(["bash", TestFixtures.script("nginx-balancer.sh"), dir.path("nginx"), String(port)] + ports,
                                     stdout: .discard, stderr: .file(dir.path("nginx.err")))
        defer { nginx.signal(SIGTERM) }
        let site = "http://127.0.0.1:\(port)"
        let up = try await PostgresServeTests.poll(within: .seconds(30)) { (try? await Self.get(site + "/healthz").0) == 200 }
        #expect(up, "nginx did not start: \((try? String(contentsOfFile: dir.path("nginx.err"), encoding: .utf8)) ?? "")")

        // One visitor voting through the balancer (each request to the next server) counts once.
        let (_, first, cookie) = try await Self.vote(site, "2412.04432", cookie: nil)
        #expect(first.contains("\"counted\":true"))
        let visitor = try #require(cookie)
        for _ in 0..<4 {
            let (status, again, _) = try await Self.vote(site, "2412.04432", cookie: visitor)
            #expect(status == 200 && again.contains("\"counted\":false"), "\(again)")
        }
        for server in servers {
            let (_, paper) = try await server.get("/api/papers/2412.04432")
            #expect(paper.contains("\"upvotes\":8"), "\(server.url)")
        }

        // A paper imported through the CLI is found on whichever server answers.
        let fresh = dir.path("fresh.jsonl")
        try #"{"id": "2611.00077", "title": "Wombatology at scale", "abstract": "Wombats.", "authors": ["B. Reader"], "categories": ["cs.LG"], "published": "2026-11-30"}"#
            .write(toFile: fresh, atomically: true, encoding: .utf8)
        #expect(try await CLI.run(["import", "--db", db, fresh], in: dir).status == 0)
        for server in servers {
            let found = try await PostgresServeTests.poll(within: .seconds(30)) {
                try await server.get("/api/search?q=wombatology&mode=keyword").1.contains("\"2611.00077\"")
            }
            #expect(found, "\(server.url)")
        }
        for _ in 0..<6 { #expect(try await Self.get(site + "/api/search?q=wombatology&mode=keyword").1.contains("\"2611.00077\"")) }

        // A server killed outright: the balancer sends its requests to the others.
        servers[1].child.signal(SIGKILL)
        _ = await servers[1].child.waitForExit()
        for _ in 0..<9 {
            let (status, body) = try await Self.get(site + "/api/search?q=video&mode=keyword")
            #expect(status == 200 && body.contains("\"results\""))
        }
    }

    /// 1,000 readers due now, three servers sending their digests at once; one is killed with
    /// SIGKILL while mail goes out. The others create what it left and deliver what it had
    /// claimed: every reader gets one digest (a repeat only of a message in flight at the
    /// kill, with its Message-ID).
    @Test(.enabled(if: TestTools.aiosmtpd)) func digestsOfAKilledServerAreFinishedByTheOthers() async throws {
        let dir = try TemporaryDirectory()
        let sink = try #require(try await SMTPSink.launch(in: dir), "aiosmtpd is not installed")
        let db = try TestPostgres.freshSchemaURL()
        #expect(try await CLI.run(["import", "--db", db, CLI.fixture("papers-sample.jsonl")], in: dir).status == 0)
        let store = try await PostgresPaperStore(location: try PostgresLocation(url: db))
        let readers = 1_000
        for i in 0..<readers {
            // Hour 0 in UTC: due whenever the test runs.
            guard case .needsConfirmation(var reader) = try await store.subscribe(
                Subscription(email: EmailAddress("reader\(i)@example.org")!, topics: [.trending], hour: 0, timeZone: "UTC")) else {
                throw CLI.Failure(description: "not new")
            }
            reader.status = .active
            try await store.update(reader)
        }
        var servers: [ServeCommandTests.Server] = []
        defer { for server in servers { server.terminate() } }
        for _ in 0..<3 {
            let own = try TemporaryDirectory()
            servers.append(try await ServeCommandTests.Server(environment: [
                "PAPERBOY_INDEX_DIR": own.path(""), "PAPERBOY_SMTP_URL": "smtp://127.0.0.1:\(sink.port)?connections=2",
                "PAPERBOY_MAIL_FROM": "digest@papers.example.org", "PAPERBOY_DIGEST_SEND_EMPTY": "true",
            ], in: own, db: db))
        }
        // The first server started first and holds the most; it dies while mail is going out.
        let victim = servers[0].child
        let killed: Bool = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                while sink.messages().count < readers / 3 { usleep(2_000) }
                guard sink.messages().count < readers, victim.isRunning else { return continuation.resume(returning: false) }
                victim.signal(SIGKILL)
                continuation.resume(returning: true)
            }
        }
        _ = await victim.waitForExit()
        #expect(killed, "all mail was out before the kill")
        // A request that queues mail wakes a survivor's scheduler at once (rather than in 5
        // minutes): its run frees what the dead process held, creates and delivers the rest.
        var request = URLRequest(url: URL(string: servers[1].url + "/api/subscriptions")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"email": "late@example.org", "topics": ["diffusion"]}"#.utf8)
        #expect((try await PostgresServeTests.session.data(for: request).1 as? HTTPURLResponse)?.statusCode == 202)
        func readersReached() throws -> Set<String> {
            Set(try sink.messages().map(DigestCrashTests.identity).map(\.to).filter { $0.hasPrefix("<reader") })
        }
        let done = try await PostgresServeTests.poll(within: .seconds(120)) { try readersReached().count == readers }
        let reached = try readersReached().count
        #expect(done, "\(reached) of \(readers) readers got their digest")
        let received = try sink.messages().map(DigestCrashTests.identity).filter { $0.to.hasPrefix("<reader") }
        let idsPerReader = Dictionary(grouping: received, by: \.to).mapValues { Set($0.map(\.id)).count }
        #expect(idsPerReader.values.allSatisfy { $0 == 1 }, "a reader got two different digests")
        #expect(received.count - readers <= 2, "at most the messages the killed server had in flight")
        #expect(try await store.outboxCounts()[.sent] == readers + 1)  // and the late reader's confirmation
        print("three servers, one killed: \(received.count) digests received by \(readers) readers")
    }

    static func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await PostgresServeTests.session.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// POSTs an upvote through `site`; the status, body and visitor cookie (`name=value`).
    static func vote(_ site: String, _ id: String, cookie: String?) async throws -> (Int, String, String?) {
        var request = URLRequest(url: URL(string: site + "/api/papers/\(id)/upvote")!)
        request.httpMethod = "POST"
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await PostgresServeTests.session.data(for: request)
        let http = response as? HTTPURLResponse
        let setCookie = http?.value(forHTTPHeaderField: "Set-Cookie")?.split(separator: ";").first.map(String.init)
        return (http?.statusCode ?? 0, String(decoding: data, as: UTF8.self), setCookie)
    }

    /// A port nothing listens on now.
    static func freePort() async throws -> Int {
        let result = try await ChildProcess.run(["python3", "-c",
            "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        guard let port = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CLI.Failure(description: "no free port: \(result.stderr)")
        }
        return port
    }
}
