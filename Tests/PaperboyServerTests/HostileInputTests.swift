import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyServer
import PaperboyTestSupport
import Testing

/// The findings of the hostile-input campaign against `serve`, each tried as the attacker
/// did, from outside, and checked with a real HTML parser (html5lib) where markup matters.
@Suite struct HostileInputTests {
    static let htmlParser = TestTools.html5lib
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    /// `"` and U+0338: one grapheme cluster, so a Character-based escape table misses it.
    static let quote = "\"\u{338}"

    static func page(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get) { ($0.status, $0.text) }
    }

    @Test(.enabled(if: htmlParser)) func aReflectedQuoteWithACombiningMarkStaysInsideItsAttribute() async throws {
        let site = try await TestSite.make()
        let attack = Self.quote + " autofocus onfocus=alert(1) x="
        let encoded = "%22%CC%B8%20autofocus%20onfocus%3Dalert(1)%20x%3D"
        let pages = try await site.test { client in
            [try await Self.page(client, "/search?q=" + encoded),
             try await Self.page(client, "/search?category=" + encoded),
             try await Self.page(client, "/search?q=a&since=" + encoded)]
        }
        let parsed = try await ParsedHTML.parse(pages.map(\.1), in: site.directory)
        for (index, document) in parsed.enumerated() {
            #expect(!document.attributeNames.contains("onfocus"), "page \(index)")
            #expect(!document.attributeNames.contains("autofocus"), "page \(index)")
            #expect(!document.attributeNames.contains("x"), "page \(index)")
        }
        // The query comes back as the value the reader typed, in both search boxes.
        #expect(parsed[0].first("input", where: { $0["id"] == "q" })?["value"] == attack)
        #expect(parsed[0].first("input", where: { $0["id"] == "site-q" })?["value"] == attack)
        #expect(parsed[0].first("link", where: { $0["rel"] == "alternate" })?["href"]?.hasPrefix("/feeds/search.atom?q=%22%CC%B8") == true)
        #expect(pages[1].0 == .badRequest && pages[2].0 == .badRequest)
    }

    @Test(.enabled(if: htmlParser)) func aStoredAbstractCannotTurnTheDescriptionIntoARedirect() async throws {
        let site = try await TestSite.make()
        let abstract = "0;url=https://evil.example/\(Self.quote) http-equiv=refresh y=\(Self.quote)"
        let id = PaperID.parse("2609.00077")!.id
        _ = try await site.store.upsert([Paper(id: id, title: "Hostile \(Self.quote) title", abstract: abstract, authors: ["Eve \(Self.quote)<b>"],
                                               categories: ["cs.CR"], published: Day("2026-08-20"), sources: ["test"])])
        let html = try await site.test { client in try await Self.page(client, "/papers/2609.00077").1 }
        let page = try #require(try await ParsedHTML.parse([html], in: site.directory).first)
        #expect(!page.attributeNames.contains("http-equiv"))
        #expect(!page.attributeNames.contains("y"))
        #expect(page.first("meta", where: { $0["name"] == "description" })?["content"] == abstract)
        #expect(page.first("h1") != nil)
        #expect(page.text.contains("Hostile \(Self.quote) title"))
        #expect(!page.elements.contains { $0.tag == "b" })
    }

    @Test func userTextNeverBecomesFTS5Syntax() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            // Before: `zzz"̸)OR(learning"̸` ran a real OR and matched every "learning" paper.
            for q in ["zzzqqq%22%CC%B8)OR(learning%22%CC%B8", "zzzqqq%22%CC%B8)%20NEAR(learning%22%CC%B8", "zzzqqq%22)OR(learning",
                      "zzzqqq%20ti%3A%22%CC%B8)OR(learning"] {
                try await client.execute(uri: "/api/search?mode=keyword&q=" + q, method: .get) { response in
                    #expect(response.status == .ok, "\(q)")
                    #expect(response.object["total"] as? Int == 0, "\(q)")
                }
            }
            // Before: a 500.
            try await client.execute(uri: "/api/search?mode=keyword&q=learning%22%CC%B8", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/search?mode=keyword&q=learning%22%CC%B8", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func aPlusInTheQueryStringIsASpaceAsTheSearchFormSendsIt() async throws {
        let site = try await TestSite.make()
        _ = try await site.store.upsert([Paper(id: PaperID.parse("2609.00088")!.id, title: "Long video generation with memory",
                                               abstract: "A video model.", authors: ["Wei Yang"], categories: ["cs.CV"],
                                               published: Day("2026-08-20"), sources: ["test"])])
        try await site.test { client in
            let plus = try await client.execute(uri: "/api/search?mode=keyword&q=au%3AYang+video", method: .get) { $0.object }
            let space = try await client.execute(uri: "/api/search?mode=keyword&q=au%3AYang%20video", method: .get) { $0.object }
            #expect(plus["query"] as? String == "au:Yang video")
            #expect((plus["total"] as? Int ?? 0) >= 1)
            #expect(plus["total"] as? Int == space["total"] as? Int)
            // The page keeps what the reader typed, spaces and all.
            try await client.execute(uri: "/search?q=au%3AYang+video&mode=keyword", method: .get) { response in
                #expect(response.text.contains("value=\"au:Yang video\""))
                #expect(response.text.contains("Long video generation with memory"))
            }
        }
    }

    @Test func headAnswersEveryPageAsGetWouldWithoutTheBody() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            for uri in ["/", "/search?q=agents", "/papers/2608.13210", "/subscribe", "/api/trending", "/api/papers/2608.13210",
                        "/feeds/trending.atom", "/openapi.json", "/healthz", "/static/style.css"] {
                let get = try await client.execute(uri: uri, method: .get) { ($0.status, $0.body.readableBytes, $0.headers[.contentType]) }
                try await client.execute(uri: uri, method: .head) { response in
                    #expect(response.status == get.0, "\(uri)")
                    #expect(response.body.readableBytes == 0, "\(uri)")
                    #expect(response.headers[.contentType] == get.2, "\(uri)")
                    #expect(response.headers[.contentLength] == String(get.1), "\(uri)")
                }
            }
            try await client.execute(uri: "/papers/2699.99999", method: .head) { response in
                #expect(response.status == .notFound)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test func anUnknownTransferCodingIs501() async throws {
        let site = try await TestSite.make()
        try await site.application.test(.live) { client in
            let gzip = try RawConnection(port: try #require(client.port))
            gzip.send("POST /api/subscriptions HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\nContent-Type: application/json\r\n\r\n")
            let answer = try #require(await gzip.readUntilClosed(timeout: 30))
            #expect(answer.hasPrefix("HTTP/1.1 501"), "\(answer.prefix(40))")
        }
    }

    @Test func halfSentRequestsAreClosedAfterTheIdleTimeout() async throws {
        var settings = TestSite.relaxedSettings
        settings.idleTimeout = 1
        let site = try await TestSite.make(settings: settings)
        try await site.application.test(.live) { client in
            let port = try #require(client.port)
            // Ten connections that never finish their request head are closed by the server.
            let halves = try (0..<10).map { _ in try RawConnection(port: port) }
            for (i, connection) in halves.enumerated() { connection.send(i % 2 == 0 ? "GET / HTTP/1.1\r\nHost: loc" : "") }
            for connection in halves {
                let closed = await connection.readUntilClosed(timeout: 30)
                #expect(closed == "")
            }
            // A whole request still works (on a new connection: the test client's own one
            // has been idle past the timeout too).
            let whole = try RawConnection(port: port)
            whole.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            let answered = await whole.readUntilClosed(timeout: 30)
            #expect(answered?.hasPrefix("HTTP/1.1 200") == true)
        }
    }

    @Test func theVoteFormReturnsOnlyToThisSite() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            for target in ["%2F%2F%CC%B8evil.example", "%2F%5C%CC%B8evil.example", "https%3A%2F%2Fevil.example", "%2F%CC%B8%2Fx"] {
                try await client.execute(uri: "/papers/2608.13210/upvote", method: .post, headers: Self.form,
                                         body: ByteBuffer(string: "return=" + target)) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/papers/2608.13210", "\(target)")
                }
            }
            try await client.execute(uri: "/papers/2608.13210/upvote", method: .post, headers: Self.form,
                                     body: ByteBuffer(string: "return=%2Fsearch%3Fq%3Dvideo%2Bgeneration")) { response in
                #expect(response.headers[.location] == "/search?q=video+generation")
            }
        }
    }

    @Test func oldStyleIdsHaveOneLinkEverywhere() async throws {
        let site = try await TestSite.make()
        let id = PaperID.parse("acc-phys/9411001")!.id
        _ = try await site.store.upsert([Paper(id: id, title: "Beam cooling in storage rings", abstract: "Old physics.",
                                               authors: ["A. Physicist"], categories: ["acc-phys"], published: Day("1994-11-30"),
                                               sources: ["test"])])
        try await site.test { client in
            try await client.execute(uri: "/feeds/search.atom?q=beam+cooling", method: .get) { response in
                #expect(response.text.contains("https://papers.example.org/papers/acc-phys%2F9411001"))
                #expect(!response.text.contains("/papers/acc-phys/9411001"))
            }
            try await client.execute(uri: "/papers/acc-phys/9411001", method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "/papers/acc-phys%2F9411001")
            }
            try await client.execute(uri: "/papers/acc-phys%2F9411001", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Beam cooling in storage rings"))
            }
            try await client.execute(uri: "/papers/acc-phys/nonsense", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func droppingTheCookieDoesNotMultiplyAVote() async throws {
        var settings = TestSite.relaxedSettings
        settings.votesPerNetworkPerPaperDaily = 3
        let site = try await TestSite.make(settings: settings)
        try await site.test { client in
            var counted = 0
            var total = 0
            for _ in 0..<20 {
                try await client.execute(uri: "/api/papers/2608.13210/upvote", method: .post) { response in
                    if response.object["counted"] as? Bool == true { counted += 1 }
                    total = response.object["upvotes"] as? Int ?? -1
                }
            }
            #expect(counted == 3)
            #expect(total == 1 + 3) // 1 Hugging Face upvote
        }
    }

    @Test func behindATrustedProxyEachClientHasItsOwnLimits() async throws {
        var settings = TestSite.relaxedSettings
        settings.votesPerNetworkPerPaperDaily = 1
        settings.trustedProxies = [IPNetwork("127.0.0.1")!]
        let site = try await TestSite.make(settings: settings)
        let outcomes = try await site.application.test(.live) { client in
            var outcomes: [Bool] = []
            for address in ["198.51.100.1", "198.51.100.2", "198.51.100.2", "2001:db8:1:2::1", "2001:db8:1:2::ffff"] {
                outcomes.append(try await client.execute(uri: "/api/papers/2608.13210/upvote", method: .post,
                                                         headers: [HTTPField.Name("X-Forwarded-For")!: address]) {
                    $0.object["counted"] as? Bool == true
                })
            }
            return outcomes
        }
        // Two clients, one vote each; the second IPv6 address is in the first one's /64.
        #expect(outcomes == [true, true, false, true, false])
        // Without the setting, the header is anybody's and is ignored: the proxy is one client.
        let plain = try await TestSite.make(settings: { var s = settings; s.trustedProxies = []; return s }())
        try await plain.application.test(.live) { client in
            var counted: [Bool] = []
            for address in ["198.51.100.1", "198.51.100.2"] {
                counted.append(try await client.execute(uri: "/api/papers/2608.13210/upvote", method: .post,
                                                        headers: [HTTPField.Name("X-Forwarded-For")!: address]) {
                    $0.object["counted"] as? Bool == true
                })
            }
            #expect(counted == [true, false])
        }
    }

    static func outbox(_ site: TestSite) throws -> [String] {
        let directory = site.directory.path("outbox/new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return try names.map { try String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }
    }

    @Test func caseAndTagVariantsOfOneInboxShareItsLimit() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            for email in ["Flood@example.org", "FLOOD@example.org", "flood@example.org", "fLoOd@example.org", "flood+1@example.org",
                          "flood+2@example.org", "FlOOD+x@example.org"] {
                let body = "email=" + email.replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: "@", with: "%40")
                try await client.execute(uri: "/subscribe", method: .post, headers: Self.form, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .ok)
                }
            }
        }
        _ = try await site.site.mailer.run()
        #expect(try Self.outbox(site).count == 3)
    }

    @Test func aConfirmationQuotesNothingTheRequesterTyped() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            let body = "email=victim%40example.org&topics=BUY+CHEAP+PILLS+AT+evil.example%0D%0Acall+%2B1-555-0100"
            try await client.execute(uri: "/subscribe", method: .post, headers: Self.form, body: ByteBuffer(string: body)) { #expect($0.status == .ok) }
        }
        _ = try await site.site.mailer.run()
        let mail = try #require(try Self.outbox(site).first)
        #expect(mail.contains("Confirm your Paperboy subscription"))
        // Long enough that the random token and Message-ID cannot hold them by chance ("555" once did).
        for typed in ["PILLS", "evil.example", "555-0100"] { #expect(!mail.contains(typed), "\(typed)") }
    }

    @Test func anOldConfirmLinkNeverResubscribes() async throws {
        let site = try await TestSite.make()
        let mailer = site.site.mailer
        func subscribe() async throws -> String {
            try await site.test { client in
                try await client.execute(uri: "/subscribe", method: .post, headers: Self.form,
                                         body: ByteBuffer(string: "email=reader%40example.org")) { #expect($0.status == .ok) }
            }
            let subscription = try #require(try await site.store.subscription(email: EmailAddress("reader@example.org")!))
            return String(mailer.links.confirm(subscription, now: Date()).dropFirst("https://papers.example.org".count))
        }
        let first = try await subscribe()
        let confirmations = try await site.test { client in
            [try await Self.page(client, first).0, try await Self.page(client, first).0]
        }
        // Confirming twice is harmless.
        #expect(confirmations == [.ok, .ok])
        var subscription = try #require(try await site.store.subscription(email: EmailAddress("reader@example.org")!))
        #expect(subscription.status == .active)
        subscription.status = .unsubscribed
        try await site.store.update(subscription)
        try await site.test { client in
            let (status, text) = try await Self.page(client, first)
            #expect(status == .badRequest)
            #expect(text.contains("This link does not work"))
        }
        #expect(try await site.store.subscription(id: subscription.id)?.status == .unsubscribed)
        // Subscribing again sends a new link; only that one confirms.
        let second = try await subscribe()
        let answers = try await site.test { client in
            [try await Self.page(client, first).0, try await Self.page(client, second).0]
        }
        #expect(answers == [.badRequest, .ok])
        #expect(try await site.store.subscription(id: subscription.id)?.status == .active)
    }

    @Test func tokensStayOutOfLogsAndCaches() async throws {
        let capture = LogCapture()
        let site = try await TestSite.make(logger: capture.logger(level: .trace))
        let subscription = try await DigestRunnerFixture.activeSubscription(site.store, "reader@example.org")
        let manage = String(site.site.mailer.links.manage(subscription.id, now: Date()).dropFirst("https://papers.example.org".count))
        let unsubscribe = String(site.site.mailer.links.unsubscribe(subscription.id, now: Date()).dropFirst("https://papers.example.org".count))
        let token = String(manage.split(separator: "=", maxSplits: 1)[1])
        try await site.test { client in
            for uri in [manage, unsubscribe] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
                }
            }
            _ = try await Self.page(client, "/search?q=my+secret+research+topic")
        }
        let logs = capture.records
        #expect(logs.contains { $0.contains("path=/subscribe/manage") })
        #expect(!logs.contains { $0.contains(token) })
        #expect(!logs.contains { $0.contains("token=") })
        #expect(!logs.contains { $0.contains("secret+research") || $0.contains("secret research") })
    }
}

/// A confirmed subscriber, made through the store.
enum DigestRunnerFixture {
    static func activeSubscription(_ store: some SubscriptionStore, _ email: String) async throws -> Subscription {
        guard case .needsConfirmation(var subscription) = try await store.subscribe(Subscription(email: EmailAddress(email)!)) else {
            throw CancellationError()
        }
        subscription.status = .active
        try await store.update(subscription)
        return subscription
    }
}
