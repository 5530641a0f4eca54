import Foundation
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyMail
import PaperboyServer
import PaperboyTestSupport
import Testing

/// The whole subscription story through the web app and a real SMTP server: subscribe,
/// confirm by the emailed link, get a digest at the chosen hour, never twice, leave with
/// one click.
@Suite struct SubscriptionTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    static let json: HTTPFields = [.contentType: "application/json"]

    static func start() async throws -> (TestSite, SMTPSink)? {
        let dir = try TemporaryDirectory()
        guard let sink = try SMTPSink.start(in: dir) else {
            if SMTPSink.toolsRequired { Issue.record("aiosmtpd is not installed") }
            return nil
        }
        let transport = SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"), heloName: "papers.example.org")
        return (try await TestSite.make(transport: transport), sink)
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// The path and query of an absolute link to the site.
    static func path(_ link: String) -> String { String(link.dropFirst("https://papers.example.org".count)) }

    @Test(.enabled(if: TestTools.aiosmtpd)) func subscribeConfirmReceiveAndLeave() async throws {
        guard let (test, sink) = try await Self.start() else { return }
        let mailer = test.site.mailer
        let body = "email=reader%40example.org&topics=agent%0D%0Aau%3ANobody+Known&frequency=daily&hour=7&timezone=Europe%2FBerlin"
        try await test.test { client in
            try await client.execute(uri: "/subscribe", method: .post, headers: Self.form, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Check your inbox"))
            }
        }
        // Nothing but the confirmation request goes out before confirmation.
        #expect(try await mailer.run() == DigestRunner.Report(sent: 1))
        #expect(try await mailer.run(now: Self.date("2026-08-21T06:00:00Z")) == DigestRunner.Report())
        let confirmation = try #require(try SMTPSink.parse(sink.messages()).first)
        #expect((confirmation["headers"] as? [String: String])?["Subject"] == "Confirm your Paperboy subscription")
        #expect((confirmation["headers"] as? [String: String])?["To"] == "reader@example.org")
        let confirmLink = try #require((confirmation["links"] as? [String])?.first { $0.contains("/subscribe/confirm?token=") })

        try await test.test { client in
            try await client.execute(uri: "/subscribe/confirm?token=forged.token", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: Self.path(confirmLink), method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("You are subscribed"))
            }
        }
        // 06:30 in Berlin is before the reader's hour; 07:30 is after it.
        #expect(try await mailer.run(now: Self.date("2026-08-21T04:30:00Z")) == DigestRunner.Report())
        let first = try await mailer.run(now: Self.date("2026-08-21T05:30:00Z"))
        #expect(first.created == 1 && first.sent == 1)
        let digest = try #require(try SMTPSink.parse(sink.messages()).last)
        let headers = try #require(digest["headers"] as? [String: String])
        #expect(headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
        let unsubscribe = try #require(headers["List-Unsubscribe"]).trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        #expect(unsubscribe.hasPrefix("https://papers.example.org/unsubscribe?token="))
        #expect(digest["parts"] as? [String] == ["text/plain", "text/html"])
        let text = try #require(digest["text"] as? String)
        #expect(text.contains("Because you follow “agent”"))
        let paperLinks = (digest["links"] as? [String] ?? []).filter { $0.contains("/papers/") }
        #expect(!paperLinks.isEmpty && paperLinks.count <= 10)
        for link in paperLinks {
            let id = try #require(PaperID.parse(String(link.split(separator: "/").last!))?.id)
            let paper = try #require(try await test.store.paper(id: id))
            #expect("\(paper.title) \(paper.abstract ?? "")".localizedCaseInsensitiveContains("agent"))
            #expect((digest["html"] as? String)?.contains(link) == true)
        }
        // Never twice: the same run again sends nothing, and the next day has nothing new.
        #expect(try await mailer.run(now: Self.date("2026-08-21T05:45:00Z")) == DigestRunner.Report())
        #expect(try await mailer.run(now: Self.date("2026-08-22T05:30:00Z")) == DigestRunner.Report(empty: 1))
        #expect(sink.messages().count == 2)

        // One click (RFC 8058): what a mail provider POSTs to the List-Unsubscribe link.
        try await test.test { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.text.contains("paperboy_mail_sent_total{kind=\"digest\"}"))
                #expect(response.text.contains("paperboy_digests_created_total"))
            }
            try await client.execute(uri: Self.path(unsubscribe), method: .get) { response in
                #expect(response.text.contains("Unsubscribe"))
            }
            try await client.execute(uri: Self.path(unsubscribe), method: .post, headers: Self.form,
                                     body: ByteBuffer(string: "List-Unsubscribe=One-Click")) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("You are unsubscribed"))
            }
        }
        let subscription = try #require(try await test.store.subscription(email: EmailAddress("reader@example.org")!))
        #expect(subscription.status == .unsubscribed)
        #expect(try await mailer.run(now: Self.date("2026-08-24T05:30:00Z")) == DigestRunner.Report())
    }

    /// Two requests in one minute, in two spellings of one address: one subscription, and
    /// the link that arrives last confirms it (a second request used to start a round whose
    /// mail was dropped as a repeat, leaving the reader only a dead link).
    @Test(.enabled(if: TestTools.aiosmtpd)) func aRepeatedRequestSendsTheLinkThatWorks() async throws {
        guard let (test, sink) = try await Self.start() else { return }
        try await test.test { client in
            for address in ["Victim%40example.org", "victim%40example.org"] {
                try await client.execute(uri: "/subscribe", method: .post, headers: Self.form,
                                         body: ByteBuffer(string: "email=\(address)&topics=agents&frequency=daily&hour=7&timezone=UTC")) { response in
                    #expect(response.status == .ok)
                }
            }
        }
        #expect(try await test.site.mailer.run().sent == 2)
        let links = try SMTPSink.parse(sink.messages()).compactMap { message in
            (message["links"] as? [String])?.first { $0.contains("/subscribe/confirm?token=") }
        }
        #expect(links.count == 2)
        // The mails may arrive in either order: the link of the second round works, the first's does not.
        let answers = try await test.test { client in
            var answers: [HTTPResponse.Status] = []
            for link in links {
                answers.append(try await client.execute(uri: Self.path(link), method: .get) { $0.status })
            }
            return answers
        }
        #expect(answers.sorted { $0.code < $1.code } == [.ok, .badRequest])
        #expect(try await test.store.subscriptionCounts() == [.active: 1])
    }

    @Test(.enabled(if: TestTools.aiosmtpd)) func theAPIValidatesAndNeverRevealsWhoSubscribes() async throws {
        guard let (test, sink) = try await Self.start() else { return }
        try await test.test { client in
            for (body, field) in [(#"{"email": "not an address"}"#, "email"),
                                  (#"{"email": "a@example.org", "hour": 24}"#, "hour"),
                                  (#"{"email": "a@example.org", "frequency": "hourly"}"#, "frequency"),
                                  (#"{"email": "a@example.org", "timezone": "Mars/Olympus"}"#, "timezone"),
                                  (#"{"email": "a@example.org\r\nBcc: b@example.org"}"#, "email"),
                                  ("not json", "body")] {
                try await client.execute(uri: "/api/subscriptions", method: .post, headers: Self.json, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(response.error["parameter"] as? String == field, "\(body)")
                }
            }
            let request = #"{"email": "ada@example.org", "topics": ["diffusion", "cat:cs.CV"], "frequency": "weekly", "hour": 8, "timezone": "UTC"}"#
            let first = try await client.execute(uri: "/api/subscriptions", method: .post, headers: Self.json, body: ByteBuffer(string: request)) {
                ($0.status, $0.text)
            }
            #expect(first.0 == .accepted)
            let subscription = try #require(try await test.store.subscription(email: EmailAddress("ada@example.org")!))
            #expect(subscription.topics == [.query("diffusion"), .query("cat:cs.CV")])
            #expect(subscription.frequency == .weekly && subscription.hour == 8 && subscription.status == .pending)
            var confirmed = subscription
            confirmed.status = .active
            try await test.store.update(confirmed)
            // Again, for a confirmed address: the same answer, and its settings stay.
            let again = try await client.execute(uri: "/api/subscriptions", method: .post, headers: Self.json,
                                                 body: ByteBuffer(string: #"{"email": "ada@example.org", "topics": ["spam"]}"#)) { ($0.status, $0.text) }
            #expect(again.0 == first.0 && again.1 == first.1)
            #expect(try await test.store.subscription(email: EmailAddress("ada@example.org")!)?.topics == subscription.topics)
        }
        _ = try await test.site.mailer.deliver()
        let subjects = try SMTPSink.parse(sink.messages()).compactMap { ($0["headers"] as? [String: String])?["Subject"] }
        #expect(subjects.sorted() == ["Confirm your Paperboy subscription", "Your Paperboy subscription"])
    }

    @Test(.enabled(if: TestTools.aiosmtpd)) func theManagePageEditsPausesAndUnsubscribes() async throws {
        let test = try await TestSite.make()
        let pending = try await test.store.subscribe(Subscription(email: EmailAddress("grace@example.org")!, topics: [.trending]))
        guard case .needsConfirmation(var created) = pending else { Issue.record("not new"); return }
        created.status = .active
        try await test.store.update(created)
        let subscription = created
        let manage = Self.path(test.site.mailer.links.manage(subscription.id, now: Date()))
        try await test.test { client in
            try await client.execute(uri: manage, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("grace@example.org"))
            }
            let edit = "topics=quantum+error+correction%0D%0Aau%3AShor&frequency=weekly&hour=18&timezone=Asia%2FTokyo&action=save"
            try await client.execute(uri: manage, method: .post, headers: Self.form, body: ByteBuffer(string: edit)) { response in
                #expect(response.text.contains("Saved."))
            }
            let edited = try #require(try await test.store.subscription(id: subscription.id))
            #expect(edited.topics == [.query("quantum error correction"), .query("au:Shor")])
            #expect(edited.frequency == .weekly && edited.hour == 18 && edited.timeZone == "Asia/Tokyo")
            try await client.execute(uri: manage, method: .post, headers: Self.form, body: ByteBuffer(string: "action=pause")) { _ in }
            #expect(try await test.store.subscription(id: subscription.id)?.status == .paused)
            try await client.execute(uri: manage, method: .post, headers: Self.form, body: ByteBuffer(string: "hour=99&action=save")) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("hour"))
            }
            // A manage token is not an unsubscribe token, nor the reverse.
            let manageToken = String(manage.split(separator: "=").last!)
            try await client.execute(uri: "/unsubscribe?token=\(manageToken)", method: .post) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: manage, method: .post, headers: Self.form, body: ByteBuffer(string: "action=unsubscribe")) { response in
                #expect(response.text.contains("You are unsubscribed"))
            }
        }
        #expect(try await test.store.subscription(id: subscription.id)?.status == .unsubscribed)
    }
}
