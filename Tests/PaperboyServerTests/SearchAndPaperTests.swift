import Foundation
import HummingbirdTesting
import PaperboyCore
import Testing

@Suite struct SearchAndPaperTests {
    @Test func apiSearchHasTheCLIShapeAndPages() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            let all = try await client.execute(uri: "/api/search?q=agents&limit=100", method: .get) { response in
                #expect(response.status == .ok)
                let json = response.object
                #expect(Set(json.keys) == ["query", "total", "offset", "mode", "results"])
                #expect(json["mode"] as? String == "keyword", "no model configured: keyword search")
                let results = json["results"] as? [[String: Any]] ?? []
                #expect(results.count == json["total"] as? Int)
                #expect(results.count >= 4)
                for result in results {
                    #expect(Set(result.keys) == ["id", "title", "abstract", "authors", "categories", "published", "updated", "listed",
                                                 "version", "doi", "journal_ref", "comments", "upvotes", "score", "links", "code", "venue",
                                                 "project_page", "ai_summary", "ai_keywords", "discussion_comments", "thumbnail",
                                                 "submitted_by"])
                }
                return results.compactMap { $0["id"] as? String }
            }
            let second = try await client.execute(uri: "/api/search?q=agents&limit=2&offset=2", method: .get) { response in
                (response.object["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            #expect(second == Array(all[2..<4]))
            // An empty range, and a search for nothing, are empty lists (as the OpenAPI
            // document promises for these valid requests).
            for uri in ["/api/search?q=agents&since=2026-08-20&until=2026-08-01", "/api/search"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.object["total"] as? Int == 0, "\(uri)")
                }
            }
            // A typed parameter given empty or twice is refused; the page's own form sends
            // blank fields, and the page takes them as absent.
            for (uri, parameter) in [("/api/trending?date=", "date"), ("/api/search?q=a&limit=", "limit"),
                                     ("/api/papers/2608.13210/similar?limit=3&limit=4", "limit"), ("/api/search?q=a&mode=", "mode")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(response.error["parameter"] as? String == parameter, "\(uri)")
                }
            }
            try await client.execute(uri: "/search?q=agents&category=&since=&until=&mode=", method: .get) { response in
                #expect(response.status == .ok)
            }
            // Another method on a known path is 405 and names the allowed ones.
            try await client.execute(uri: "/api/subscriptions", method: .init("TRACE")!) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/api/trending", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/api/nothing-here", method: .delete) { #expect($0.status == .notFound) }
        }
    }

    @Test func theSearchPageCountsAndPages() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            let total = try await client.execute(uri: "/api/search?q=learning&limit=1", method: .get) { $0.object["total"] as? Int ?? 0 }
            #expect(total > 20)
            try await client.execute(uri: "/search?q=learning", method: .get) { response in
                let html = response.text
                #expect(html.contains("\(total) papers match; showing 1-20."))
                #expect(html.components(separatedBy: "<li class=\"card\">").count - 1 == 20)
                #expect(html.contains("href=\"/search?page=2&amp;q=learning\" rel=\"next\""))
                #expect(html.contains("value=\"learning\""))
            }
            try await client.execute(uri: "/search?q=learning&page=2", method: .get) { response in
                #expect(response.text.contains("showing 21-\(min(40, total))."))
            }
            try await client.execute(uri: "/search?q=learning&since=yesterday", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("since: &#39;yesterday&#39; is not a date (YYYY-MM-DD)"))
            }
            try await client.execute(uri: "/search?q=cat:cs.CV", method: .get) { response in
                #expect(response.text.contains("papers match"))
            }
        }
    }

    @Test func aPaperPageHasEverythingAReaderNeeds() async throws {
        let site = try await TestSite.make()
        let paper = try #require(try await site.store.paper(id: PaperID.parse("2402.13616")!.id))
        try await site.test { client in
            try await client.execute(uri: "/papers/2402.13616", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("<h1>YOLOv9: Learning What You Want to Learn Using Programmable Gradient Information</h1>"))
                let firstAuthor = try #require(paper.authors.first)
                #expect(html.contains("href=\"/search?q=au:%22\(firstAuthor.replacingOccurrences(of: " ", with: "%20"))%22\">\(firstAuthor)</a>"))
                #expect(html.contains("href=\"https://arxiv.org/abs/2402.13616\""))
                #expect(html.contains("href=\"https://arxiv.org/pdf/2402.13616\""))
                #expect(html.contains("@misc{"))
                #expect(html.contains("eprint = {2402.13616}"))
                #expect(html.contains("action=\"/papers/2402.13616/upvote\""))
                #expect(html.contains("Similar papers"))
                let similar = html.components(separatedBy: "id=\"similar-heading\"")[1]
                #expect(similar.components(separatedBy: "<li class=\"card\">").count - 1 == 10)
                #expect(!similar.contains("href=\"/papers/2402.13616\""))
            }
            try await client.execute(uri: "/api/papers/2402.13616/similar?limit=5", method: .get) { response in
                let results = response.object["results"] as? [[String: Any]] ?? []
                #expect(results.count == 5)
                let scores = results.compactMap { $0["score"] as? Double }
                #expect(scores == scores.sorted(by: >))
            }
            try await client.execute(uri: "/api/papers/2402.13616", method: .get) { response in
                #expect(response.object["title"] as? String == paper.title)
            }
        }
    }

    @Test func similarPapersShareTheSubject() async throws {
        let site = try await TestSite.make()
        // The fixtures hold one YOLO paper; papers about vision/detection should rank above
        // the language-agent papers of the same sample.
        let similar = try #require(try await site.store.similar(to: PaperID.parse("2412.04432")!.id, limit: 3))
        #expect(!similar.isEmpty)
        #expect(similar.contains { $0.paper.title.localizedCaseInsensitiveContains("video") })
    }

    @Test func unknownPapersGetAFriendly404() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            for uri in ["/papers/2609.99999", "/papers/not-an-id", "/no/such/page"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                    #expect(response.text.contains("<h1>Not found</h1>"))
                }
            }
            try await client.execute(uri: "/api/papers/2609.99999", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.error["message"] as? String == "No paper 2609.99999 here.")
            }
        }
    }
}

@Suite struct PaperJSONTests {
    /// The API writes lists by hand; the CLI with JSONEncoder. Both must be the same JSON.
    @Test func handWrittenJSONEqualsTheEncoder() async throws {
        let site = try await TestSite.make()
        var papers = try await site.store.papers(after: nil, limit: 100)
        papers.append(Paper(id: PaperID.parse("2609.00002")!.id, title: "Quotes \" \\ and\ncontrol \u{01} ✓",
                            abstract: nil, authors: [], upvotes: nil, localVotes: 2))
        papers.append(Paper(id: PaperID.parse("2609.00003")!.id, title: "With every detail", comments: "Accepted at ICLR 2026",
                            codeRepository: "https://github.com/a/\"b\"", codeFoundInText: true, codeStars: 12_345,
                            projectPage: "https://p.example/", aiSummary: "One \"line\".", aiKeywords: ["a", "b\u{2028}"],
                            discussionComments: 3, thumbnail: "https://cdn-thumbnails.huggingface.co/x.png", submittedBy: "me",
                            upvotes: 4))
        let list = PaperListJSON(query: "q \"x\"", total: 7, offset: 3, hits: papers.enumerated().map { SearchHit(paper: $1, score: Double($0) / 7) })
        let written = try JSONSerialization.jsonObject(with: Data(list.jsonBytes())) as? NSDictionary
        let encoded = try JSONSerialization.jsonObject(with: JSONOutput.encode(list)) as? NSDictionary
        #expect(written != nil)
        #expect(written == encoded)
        let searched = PaperListJSON(query: "q", total: 1, offset: 0, mode: .hybrid, hits: [SearchHit(paper: papers[0], score: 0.5)])
        let writtenSearch = try JSONSerialization.jsonObject(with: Data(searched.jsonBytes())) as? NSDictionary
        #expect(writtenSearch?["mode"] as? String == "hybrid")
        #expect(writtenSearch == (try JSONSerialization.jsonObject(with: JSONOutput.encode(searched)) as? NSDictionary))
    }
}
