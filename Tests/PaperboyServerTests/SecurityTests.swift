import HTTPTypes
import Foundation
import GRDB
import HummingbirdTesting
import NIOCore
import PaperboyCore
import Testing

@Suite struct SecurityTests {
    @Test func everyValueIsEscaped() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            for uri in ["/papers/2609.00001", "/search?q=alert", "/?date=2026-08-20", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    let html = response.text
                    #expect(!html.contains("<script"), "\(uri)")
                    #expect(!html.contains("<img"), "\(uri)")
                    #expect(!html.contains("<b>markup"), "\(uri)")
                }
            }
            try await client.execute(uri: "/papers/2609.00001", method: .get) { response in
                #expect(response.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
                #expect(response.text.contains("&lt;/textarea&gt;"))
            }
            try await client.execute(uri: "/feeds/search.atom?q=alert", method: .get) { response in
                #expect(response.text.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</title>"))
            }
        }
    }

    @Test func responsesCarrySecurityHeaders() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            for uri in ["/", "/api/trending", "/no-such-page", "/static/style.css"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let csp = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("default-src 'none'"), "\(uri)")
                    #expect(csp.contains("frame-ancestors 'none'"), "\(uri)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(uri)")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] != nil, "\(uri)")
                }
            }
            // The visitor cookie cannot be read by scripts or sent cross-site.
            try await client.execute(uri: "/api/papers/2608.19880/upvote", method: .post) { response in
                let cookie = response.headers[.setCookie] ?? ""
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Lax"))
                #expect(cookie.contains("Secure")) // the public URL is https
            }
        }
    }

    @Test func aServerFailureLeaksNothing() async throws {
        let site = try await TestSite.make()
        // Break the database for real: similar papers need the vocabulary table.
        let queue = try DatabaseQueue(path: site.directory.path("paperboy.sqlite"))
        try await queue.write { db in try db.execute(sql: "DROP TABLE papers_vocab") }
        try await site.test { client in
            try await client.execute(uri: "/papers/2402.13616", method: .get) { response in
                #expect(response.status == .internalServerError)
                let html = response.text
                #expect(html.contains("<h1>Something went wrong</h1>"))
                for secret in ["papers_vocab", "SQLite", "GRDB", ".swift", "DatabaseError", site.directory.url.path] {
                    #expect(!html.contains(secret), "leaked \(secret)")
                }
            }
            try await client.execute(uri: "/api/papers/2402.13616/similar", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(!response.text.contains("papers_vocab"))
                #expect(response.error["status"] as? Int == 500)
            }
        }
    }

    @Test func oversizedBodiesAndQueriesAreRefused() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            let big = ByteBuffer(string: "return=/" + String(repeating: "a", count: 100_000))
            try await client.execute(uri: "/papers/2608.19880/upvote", method: .post,
                                     headers: [.contentType: "application/x-www-form-urlencoded"], body: big) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/api/search?q=" + String(repeating: "a", count: 600), method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.error["parameter"] as? String == "q")
            }
            try await client.execute(uri: "/api/papers/2608.19880", method: .get) { response in
                #expect(response.object["upvotes"] as? Int == 163)
            }
        }
    }
}
