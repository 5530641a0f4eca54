import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PaperboyCore
import Testing

/// Paperboy on PostgreSQL as an operator runs it: the CLI and two `serve` processes on one
/// database, each with its own keyword index, sharing papers, votes and secrets.
@Suite(.serialized, .enabled(if: TestTools.postgres, "needs PAPERBOY_TEST_POSTGRES_URL (scripts/postgres-test-cluster.sh)"))
struct PostgresServeTests {
    /// Cookies are set by hand: both servers are on 127.0.0.1, and a cookie jar would hand
    /// one server's cookie to the other on its own.
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration)
    }()

    @Test func theCommandsGiveTheSameAnswersAsOnSQLite() async throws {
        let dir = try TemporaryDirectory()
        let postgres = try TestPostgres.freshSchemaURL(), sqlite = dir.path("papers.sqlite")
        let sample = CLI.fixture("papers-sample.jsonl")
        for db in [postgres, sqlite] {
            let imported = try await CLI.run(["import", "--db", db, sample], in: dir)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("new 41"))
            // Importing again changes nothing and duplicates nothing.
            #expect(try await CLI.run(["import", "--db", db, sample], in: dir).stdout.contains("new 0, updated 0, unchanged 41"))
        }
        for query in ["diffusion models", "video generation -audio", "ti:video", "cat:cs.CV", "\"language models\"", "transform*"] {
            let onPostgres = try await CLI.run(["search", "--db", postgres, "--mode", "keyword", "--json", query], in: dir)
            let onSQLite = try await CLI.run(["search", "--db", sqlite, "--mode", "keyword", "--json", query], in: dir)
            #expect(onPostgres.status == 0, "\(onPostgres.stderr)")
            #expect(try Self.ids(onPostgres.stdout) == Self.ids(onSQLite.stdout), "\(query)")
            #expect(!(try Self.ids(onSQLite.stdout)).isEmpty, "\(query)")
        }
        let stats = try await CLI.run(["stats", "--db", postgres], in: dir)
        #expect(stats.stdout.contains("papers       41 (40 with abstract"))
        let shown = try await CLI.run(["show", "--db", postgres, "2412.04432"], in: dir)
        #expect(shown.stdout.contains("Divot: Diffusion Powers Video Tokenizer"))
    }

    @Test func twoServersShareOneDatabase() async throws {
        let dir = try TemporaryDirectory(), first = try TemporaryDirectory(), second = try TemporaryDirectory()
        let db = try TestPostgres.freshSchemaURL()
        #expect(try await CLI.run(["import", "--db", db, CLI.fixture("papers-sample.jsonl")], in: dir).status == 0)
        // Each server keeps its own indexes, in its own directory.
        let a = try await ServeCommandTests.Server(environment: ["PAPERBOY_INDEX_DIR": first.path("")], in: first, db: db)
        defer { a.terminate() }
        let b = try await ServeCommandTests.Server(environment: ["PAPERBOY_INDEX_DIR": second.path("")], in: second, db: db)
        defer { b.terminate() }
        for server in [a, b] {
            let (status, health) = try await server.get("/healthz")
            #expect(status == 200)
            #expect(health.contains("\"papers\":41"))
        }

        // Both have their trending page cached (for 30 seconds)...
        for server in [a, b] {
            let (status, home) = try await server.get("/")
            #expect(status == 200 && !home.contains("Quokkanomics"))
        }
        // ...and a paper imported by a third process is found by both servers' searches, and
        // listed on their trending pages well before that cache would have expired.
        let fresh = dir.path("fresh.jsonl")
        try #"{"id": "2611.00042", "title": "Quokkanomics: a survey of marsupial economics", "abstract": "We survey quokkanomics.", "authors": ["A. Reader"], "categories": ["cs.LG"], "published": "2026-11-30"}"#
            .write(toFile: fresh, atomically: true, encoding: .utf8)
        #expect(try await CLI.run(["import", "--db", db, fresh], in: dir).status == 0)
        for server in [a, b] {
            let found = try await Self.poll(within: .seconds(30)) {
                let (_, body) = try await server.get("/api/search?q=quokkanomics&mode=keyword")
                return body.contains("\"2611.00042\"")
            }
            #expect(found, "server \(server.url) never found the new paper")
            let listed = try await Self.poll(within: .seconds(10)) { try await server.get("/").1.contains("Quokkanomics") }
            #expect(listed, "server \(server.url) kept an old trending page")
        }

        // A visitor's vote counts once, whichever server takes it; the cookie one server
        // signed is good on the other (the secret is in the database).
        let (firstStatus, firstBody, cookie) = try await Self.vote(a, "2412.04432", cookie: nil)
        #expect(firstStatus == 200)
        #expect(firstBody.contains("\"counted\":true"))
        let visitor = try #require(cookie, "no visitor cookie")
        let (secondStatus, secondBody, _) = try await Self.vote(b, "2412.04432", cookie: visitor)
        #expect(secondStatus == 200)
        #expect(secondBody.contains("\"counted\":false"))
        let (_, paper) = try await b.get("/api/papers/2412.04432")
        let upvotes = try #require(try JSONSerialization.jsonObject(with: Data(paper.utf8)) as? [String: Any])["upvotes"] as? Int
        #expect(upvotes == 8)  // 7 from Hugging Face, 1 cast here

        let (reasonA, codeA) = await a.stop(), (reasonB, codeB) = await b.stop()
        #expect(reasonA == .exit && codeA == 0 && reasonB == .exit && codeB == 0)
    }

    /// POSTs an upvote; the response's status, body and visitor cookie (`name=value`).
    static func vote(_ server: ServeCommandTests.Server, _ id: String, cookie: String?) async throws -> (Int, String, String?) {
        var request = URLRequest(url: URL(string: server.url + "/api/papers/\(id)/upvote")!)
        request.httpMethod = "POST"
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        let setCookie = http?.value(forHTTPHeaderField: "Set-Cookie")?.split(separator: ";").first.map(String.init)
        return (http?.statusCode ?? 0, String(decoding: data, as: UTF8.self), setCookie)
    }

    /// Asks `condition` until it holds or `limit` has passed: whether it held.
    static func poll(within limit: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    /// The paper ids of a `search --json` answer, in order.
    static func ids(_ json: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return (object?["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}
