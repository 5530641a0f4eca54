import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PaperboyServer
import Testing

@Suite struct VoteTests {
    static func cookie(_ response: TestResponse) -> String? {
        response.headers[.setCookie].flatMap { $0.split(separator: ";").first.map(String.init) }
    }

    @Test func aVisitorVotesOnceAndTrendingFollows() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            // 2608.13210 has 1 upvote, the last of its day.
            let (first, cookie) = try await client.execute(uri: "/api/papers/2608.13210/upvote", method: .post) { response in
                (response.object, VoteTests.cookie(response))
            }
            #expect(first["counted"] as? Bool == true)
            #expect(first["upvotes"] as? Int == 2)
            let visitor = try #require(cookie)
            #expect(visitor.hasPrefix("paperboy_visitor="))

            // The same visitor again: nothing changes.
            try await client.execute(uri: "/api/papers/2608.13210/upvote", method: .post, headers: [.cookie: visitor]) { response in
                let json = response.object
                #expect(json["counted"] as? Bool == false)
                #expect(json["upvotes"] as? Int == 2)
                #expect(response.headers[.setCookie] == nil)
            }
            // A forged cookie is a new visitor, not the old one.
            let forged = visitor.dropLast(3) + "AAA"
            try await client.execute(uri: "/api/papers/2608.13210/upvote", method: .post, headers: [.cookie: String(forged)]) { response in
                #expect(response.object["counted"] as? Bool == true)
                #expect(response.headers[.setCookie] != nil)
            }
            // Two more visitors lift it above the papers with 3 votes; the cached home page follows.
            _ = try await client.execute(uri: "/", method: .get)
            _ = try await client.execute(uri: "/api/papers/2608.13210/upvote", method: .post)
            try await client.execute(uri: "/api/papers/2608.13210/upvote", method: .post) { response in
                #expect(response.object["upvotes"] as? Int == 5)
            }
            try await client.execute(uri: "/api/trending?date=2026-08-21&limit=100", method: .get) { response in
                let results = response.object["results"] as? [[String: Any]] ?? []
                let ids = results.compactMap { $0["id"] as? String }
                let position = try #require(ids.firstIndex(of: "2608.13210"))
                #expect(ids.firstIndex(of: "2608.13120")! < position) // 6 upvotes
                #expect(ids.firstIndex(of: "2608.19758")! > position) // 4 upvotes
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.text.contains("aria-label=\"Upvote: 5 votes\""))
            }
        }
    }

    @Test func theFormVoteRedirectsBackAndMarksThePaper() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            let body = ByteBuffer(string: "return=%2Fsearch%3Fq%3Dagents")
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "https://papers.example.org",
                                       HTTPField.Name("Sec-Fetch-Site")!: "same-origin"]
            let cookie = try await client.execute(uri: "/papers/2608.19880/upvote", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/search?q=agents")
                return try #require(VoteTests.cookie(response))
            }
            try await client.execute(uri: "/papers/2608.19880", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.text.contains("aria-pressed=\"true\">▲ Upvote<span>164</span>"))
            }
            // An off-site return target is ignored.
            let evil = ByteBuffer(string: "return=https%3A%2F%2Fevil.example%2F")
            try await client.execute(uri: "/papers/2608.19880/upvote", method: .post, headers: headers, body: evil) { response in
                #expect(response.headers[.location] == "/papers/2608.19880")
            }
        }
    }

    @Test func crossSiteVotesAreRefused() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            let attempts: [HTTPFields] = [
                [.origin: "https://evil.example"],
                [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"],
                [.origin: "null"],
            ]
            for headers in attempts {
                try await client.execute(uri: "/api/papers/2608.19880/upvote", method: .post, headers: headers) { response in
                    #expect(response.status == .forbidden)
                }
            }
            try await client.execute(uri: "/api/papers/2608.19880", method: .get) { response in
                #expect(response.object["upvotes"] as? Int == 163)
            }
        }
    }

    @Test func votesAreRateLimitedPerClient() async throws {
        let site = try await TestSite.make(settings: ServerSettings(voteBurst: 3, votesPerMinute: 0.001))
        try await site.test { client in
            var statuses: [Int] = []
            for _ in 0..<5 {
                statuses.append(try await client.execute(uri: "/api/papers/2608.19880/upvote", method: .post) { Int($0.status.code) })
            }
            #expect(statuses == [200, 200, 200, 429, 429])
        }
    }

    @Test func unknownPapersCannotBeVotedFor() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            try await client.execute(uri: "/api/papers/2609.99999/upvote", method: .post) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
