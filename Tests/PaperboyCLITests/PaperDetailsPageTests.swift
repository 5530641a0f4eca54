import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PaperboyTestSupport
import Testing

/// What a reader checks first, end to end: Hugging Face's real listing imported with
/// `paperboy import`, served by `paperboy serve`, read through the API and rendered by
/// headless Chromium (screenshots in `screenshots/`), a hostile listing beside it.
@Suite struct PaperDetailsPageTests {
    /// A listing written by an attacker: script and data URLs where links go, a quote with a
    /// combining mark after a real link in the abstract.
    static let hostileListing = #"""
        [{"paper": {"id": "2609.00001", "title": "Hostile details", "githubRepo": "javascript:alert(1)",
          "projectPage": "data:text/html,<script>alert(1)</script>", "ai_summary": "<img src=x onerror=alert(1)>",
          "ai_keywords": ["\"><script>alert(1)</script>"], "githubStars": 3,
          "summary": "Code at https://github.com/a/b\"\u0338 onmouseover=alert(1) x=\"\u0338 and more.",
          "publishedAt": "2026-08-20T00:00:00.000Z", "submittedOnDailyAt": "2026-08-21T00:00:00.000Z", "upvotes": 1},
          "thumbnail": "https://evil.example/track.png", "numComments": 2}]
        """#

    @Test(.enabled(if: TestTools.chromium)) func detailsShowOnPagesListsAndTheAPI() async throws {
        let chromium = try #require(ServeCommandTests.chromium)
        let dir = try TemporaryDirectory()
        let hostile = try dir.write("hostile.json", Self.hostileListing)
        let imported = try await CLI.run(["import", "--db", dir.path("paperboy.sqlite"), "--format", "hf", CLI.fixture("hf-daily-papers-2026-08-21.json")],
                                         in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let hostileImport = try await CLI.run(["import", "--db", dir.path("paperboy.sqlite"), "--format", "hf", hostile], in: dir)
        #expect(hostileImport.status == 0, "\(hostileImport.stderr)")
        let server = try await ServeCommandTests.Server(arguments: ["--no-sample"], in: dir)
        defer { server.terminate() }

        // The API.
        let (status, body) = try await server.get("/api/papers/2608.19880")
        #expect(status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let code = try #require(json["code"] as? [String: Any])
        #expect(code["url"] as? String == "https://github.com/google-research/envharness")
        #expect(code["stars"] as? Int == 8 && code["found_in_text"] as? Bool == false)
        #expect(json["project_page"] as? String == "https://envharness.com/")
        #expect((json["ai_keywords"] as? [String])?.first == "LLM agents")
        #expect(json["discussion_comments"] as? Int == 1)
        #expect((json["links"] as? [String: Any])?["huggingface"] as? String == "https://huggingface.co/papers/2608.19880")

        // The paper page, as the browser built it.
        let page = try await ServeCommandTests.browser(chromium, ["--dump-dom", server.url + "/papers/2608.19880"], in: dir)
        #expect(page.status == 0)
        for shown in [#"href="https://github.com/google-research/envharness""#, "github.com/google-research/envharness</a> · ★ 8 stars",
                      #"href="https://envharness.com/""#, "Hugging Face summary (machine-written):",
                      "EnvHarness and EnvRigger dynamically reshape static environments",
                      #"<a class="keyword" href="/search?q=%22LLM%20agents%22">LLM agents</a>"#,
                      #"<img class="thumbnail" src="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2608.19880.png""#,
                      ##"href="https://huggingface.co/papers/2608.19880#community" rel="nofollow noopener noreferrer">1 comment on Hugging Face</a>"##] {
            #expect(page.stdout.contains(shown), "the paper page does not show \(shown)")
        }
        // The CSP names Hugging Face's thumbnail host, and no other.
        var head = URLRequest(url: URL(string: server.url + "/papers/2608.19880")!)
        head.httpMethod = "HEAD"
        let (_, response) = try await URLSession.shared.data(for: head)
        let policy = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Security-Policy") ?? ""
        #expect(policy.contains("img-src 'self' data: https://cdn-thumbnails.huggingface.co;"))

        // A search typed in the form (spaces as `+`), ordered by stars: code badges, the most starred first.
        let search = try await ServeCommandTests.browser(chromium, ["--dump-dom", server.url + "/search?q=has%3Acode+agents&sort=stars"], in: dir)
        let cards = search.stdout.components(separatedBy: "class=\"card\"").dropFirst()
        #expect(cards.count >= 3)
        #expect(cards.allSatisfy { $0.contains("class=\"badge code\"") })
        let stars = cards.map { card -> Int in
            guard let range = card.range(of: #"★ [0-9.k]+"#, options: .regularExpression) else { return -1 }
            return Int(card[range].dropFirst(2)) ?? -1
        }
        #expect(stars == stars.sorted(by: >), "\(stars)")
        // A card without Hugging Face's summary shows none (not a value of the page around it).
        #expect(!search.stdout.contains("Hugging Face summary:</span> 4 papers match"))
        #expect(search.stdout.components(separatedBy: "Hugging Face summary:").count - 1 == cards.filter { $0.contains("class=\"summary\"") }.count)
        #expect(search.stdout.contains(#"<option value="stars" selected="">Most starred code</option>"#)
                || search.stdout.contains(#"<option value="stars" selected>Most starred code</option>"#))

        // The hostile listing: no script or data URL became a link, nothing escaped its text.
        let bad = try await ServeCommandTests.browser(chromium, ["--dump-dom", server.url + "/papers/2609.00001"], in: dir)
        #expect(bad.status == 0)
        #expect(!bad.stdout.contains("javascript:") && !bad.stdout.contains("href=\"data:"))
        #expect(!bad.stdout.contains("onmouseover=\"") && !bad.stdout.contains("<script>alert") && !bad.stdout.contains("onerror=\""))
        #expect(bad.stdout.contains(#"href="https://github.com/a/b""#), "the real link in the abstract is the code link")
        #expect(!bad.stdout.contains("evil.example"), "a thumbnail from another host is not shown")

        // The subscribe form offers the digest of papers with code.
        let subscribe = try await ServeCommandTests.browser(chromium, ["--dump-dom", server.url + "/subscribe"], in: dir)
        #expect(subscribe.stdout.contains(#"<input type="checkbox" name="code" value="on"> Only papers with code"#))

        // Screenshots, for a reader of the README and a reviewer.
        try FileManager.default.createDirectory(at: ServeCommandTests.screenshotDirectory, withIntermediateDirectories: true)
        for (name, path) in [("paper-details", "/papers/2608.19880"), ("search-has-code", "/search?q=has%3Acode+agents&sort=stars")] {
            let file = ServeCommandTests.screenshotDirectory.appendingPathComponent("\(name).png")
            try? FileManager.default.removeItem(at: file)
            let shot = try await ServeCommandTests.browser(chromium, ["--window-size=1280,1400", "--screenshot=\(file.path)", server.url + path],
                                                           in: dir)
            #expect(shot.status == 0)
            #expect(try Data(contentsOf: file).count > 40_000, "\(name) rendered")
        }
    }
}
