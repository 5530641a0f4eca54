import Foundation
import HummingbirdTesting
@testable import PaperboyCore
import PaperboyServer
import PaperboyTestSupport
import Testing

@Suite struct FeedAndOperationsTests {
    /// Parses with Python's feedparser, the parser most feed readers' behaviour is checked
    /// against. CI installs it (PAPERBOY_TEST_REQUIRE_TOOLS=1 makes its absence a failure).
    static func feedparser(_ xml: String) async throws -> [String: Any]? {
        let directory = try TemporaryDirectory()
        let path = try directory.write("feed.atom", xml)
        let script = """
            import json, sys
            try:
                import feedparser
            except ImportError:
                print(json.dumps(None)); sys.exit(0)
            d = feedparser.parse(sys.argv[1])
            print(json.dumps({"bozo": d.bozo, "version": d.version, "title": d.feed.get("title"),
                              "entries": [{"title": e.title, "link": e.link, "id": e.id,
                                           "authors": [a.get("name") for a in e.get("authors", [])]} for e in d.entries]}))
            """
        let run = try await ChildProcess.run(["python3", "-c", script, path])
        let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8), options: .fragmentsAllowed) as? [String: Any]
        if parsed == nil, ProcessInfo.processInfo.environment["PAPERBOY_TEST_REQUIRE_TOOLS"] == "1" {
            Issue.record("python3-feedparser is not installed")
        }
        return parsed
    }

    @Test func trendingFeedIsValidAtom() async throws {
        let site = try await TestSite.make()
        let day = try hfDay20260821()
        let xml = try await site.test { client in
            try await client.execute(uri: "/feeds/trending.atom?window=day", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/atom+xml; charset=utf-8")
                return response.text
            }
        }
        // Well-formed, by Paperboy's own XML reader.
        var parser = XMLPullParser(ByteStream(bytes: Array(xml.utf8)))
        var entries = 0
        while let event = try parser.next() {
            if case .start(let name, _) = event, name == "entry" { entries += 1 }
        }
        #expect(entries == day.count)
        if let feed = try await FeedAndOperationsTests.feedparser(xml) {
            #expect(feed["bozo"] as? Bool == false || feed["bozo"] as? Int == 0)
            #expect(feed["version"] as? String == "atom10")
            let parsed = feed["entries"] as? [[String: Any]] ?? []
            #expect(parsed.count == day.count)
            let top = try #require(parsed.first)
            #expect(top["link"] as? String == "https://papers.example.org/papers/2608.19880")
            #expect(top["id"] as? String == "https://arxiv.org/abs/2608.19880")
            #expect((top["authors"] as? [String])?.isEmpty == false)
        }
    }

    @Test func searchFeedIsValidAtom() async throws {
        let site = try await TestSite.make()
        let xml = try await site.test { client in
            try await client.execute(uri: "/feeds/search.atom?q=agents", method: .get) { $0.text }
        }
        #expect(xml.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://papers.example.org/feeds/search.atom?q=agents\"/>"))
        if let feed = try await FeedAndOperationsTests.feedparser(xml) {
            #expect(feed["bozo"] as? Bool == false || feed["bozo"] as? Int == 0)
            #expect(feed["title"] as? String == "Paperboy: agents")
            #expect((feed["entries"] as? [Any])?.count ?? 0 >= 4)
        }
    }

    @Test func everyRouteIsInTheOpenAPIDocument() async throws {
        let site = try await TestSite.make()
        let router = PaperboyServer.router(site: site.site)
        let document = try await site.test { client in
            try await client.execute(uri: "/openapi.json", method: .get) { $0.object }
        }
        #expect(document["openapi"] as? String == "3.0.3")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        let all = Set(router.routes.map { "\($0.method) \($0.path)" })
        // HEAD answers as GET does (RFC 9110), so the document lists GET alone.
        let routed = all.filter { $0.contains(" /api/") && !$0.hasPrefix("HEAD ") }
        #expect(routed == documented)
        #expect(routed.count == 17)
        for get in all where get.hasPrefix("GET ") {
            #expect(all.contains("HEAD " + get.dropFirst(4)), "\(get) has no HEAD")
        }
    }

    @Test func healthAndMetrics() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let json = response.object
                #expect(json["status"] as? String == "ok")
                #expect(json["papers"] as? Int == 72)
            }
            _ = try await client.execute(uri: "/api/papers/2608.19880/upvote", method: .post)
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = response.text
                #expect(text.contains("paperboy_votes_total"))
                #expect(text.contains("hb_requests"))
            }
        }
    }
}
