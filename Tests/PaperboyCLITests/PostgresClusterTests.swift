import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PaperboyCore
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
