import Foundation
import Logging
import PaperboyCore
import PaperboyMail
import PaperboyMemoryStore
import PaperboySQLite
import PaperboyTestSupport
import Testing

/// Digest creation and delivery on the in-memory store (the conformance suite holds it to
/// what SQLite does) through a real SMTP server.
@Suite struct DigestRunnerTests {
    static let day = Day("2026-08-21")!
    static func at(_ time: String) -> Date { ISO8601DateFormatter().date(from: "2026-08-21T\(time)Z")! }

    static func papers() -> [Paper] {
        (1...12).map { i in
            Paper(id: PaperID.parse(String(format: "2608.%05d", i))!.id,
                  title: i % 2 == 0 ? "Video diffusion model \(i)" : "Graph agents that plan \(i)",
                  abstract: i % 2 == 0 ? "We generate video with diffusion." : "Agents plan over graphs.",
                  authors: ["Ada Lovelace"], published: day, upvotes: i, listed: day, sources: ["test"])
        }
    }

    /// A runner on `store` (the in-memory store unless a test needs SQL) holding `papers()`.
    static func make(_ dir: TemporaryDirectory, store: any DigestRunner.Store = InMemoryPaperStore(), transport: any MailTransport,
                     configure: (inout DigestRunner.Settings) -> Void = { _ in })
        async throws -> (any DigestRunner.Store, DigestRunner) {
        _ = try await store.upsert(papers())
        var settings = DigestRunner.Settings(sender: EmailAddress("digest@papers.example.org")!)
        configure(&settings)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let links = SubscriptionLinks(publicURL: "https://papers.example.org", tokens: SubscriptionTokens(signer: TokenSigner(secret: String(repeating: "k", count: 40))))
        return (store, DigestRunner(store: store, transport: transport, links: links, settings: settings, logger: logger))
    }

    static func subscribe(_ store: any SubscriptionStore, _ email: String, topics: [DigestTopic], frequency: Subscription.Frequency = .daily)
        async throws -> Subscription {
        guard case .needsConfirmation(var subscription) = try await store.subscribe(
            Subscription(email: EmailAddress(email)!, topics: topics, frequency: frequency, hour: 8)) else { throw CancellationError() }
        subscription.status = .active
        try await store.update(subscription)
        return subscription
    }

    /// A reader who asked for papers with code gets only those, on every topic, with the
    /// code link and Hugging Face's summary in the mail; a reader beside them gets the rest.
    @Test(arguments: [false, true]) func onlyPapersWithCodeWhenAsked(sqlite: Bool) async throws {
        let dir = try TemporaryDirectory()
        let store: any DigestRunner.Store = sqlite ? try SQLitePaperStore(path: dir.path("papers.sqlite")) : InMemoryPaperStore()
        let (_, runner) = try await Self.make(dir, store: store, transport: MaildirTransport(directory: URL(fileURLWithPath: dir.path("outbox"))))
        var withCode = Self.papers().filter { [3, 4, 7].contains(Int($0.id.rawValue.suffix(5))!) }
        for i in withCode.indices {
            withCode[i].codeRepository = "https://github.com/lab/repo\(i)"
            withCode[i].codeStars = 10 * (i + 1)
            withCode[i].aiSummary = "One line \(i)."
        }
        _ = try await store.upsert(withCode)
        var coder = try await Self.subscribe(store, "coder@example.org", topics: [.query("video"), .trending])
        coder.onlyWithCode = true
        try await store.update(coder)
        #expect(try await store.subscription(id: coder.id)?.onlyWithCode == true)
        let reader = try await Self.subscribe(store, "reader@example.org", topics: [.query("video"), .trending])
        #expect(try await runner.run(now: Self.at("08:00:00")) == DigestRunner.Report(created: 2, sent: 2))
        #expect(try await store.sentPapers(to: coder.id) == Set(withCode.map(\.id)))
        #expect(try await store.sentPapers(to: reader.id).count == 10, "the default digest size, code or not")
        // Read back by Python's mail parser, as a mail client would.
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path("outbox/new")).map { URL(fileURLWithPath: dir.path("outbox/new/" + $0)) }
        let mails = try await SMTPSink.parsed(files)
        let coderMail = try #require(mails.first { ($0["headers"] as? [String: String])?["To"] == "coder@example.org" })
        let text = coderMail["text"] as? String ?? "", html = coderMail["html"] as? String ?? ""
        #expect(text.contains("Code: https://github.com/lab/repo2 (★ 30)"))
        #expect(text.contains("Hugging Face summary: One line 0."))
        #expect(html.contains(#"<a href="https://github.com/lab/repo0" style="color:#1a4d8f;">code</a> ★ 10"#))
    }

    @Test func selectionFollowsTopicsRanksAndNeverRepeats() async throws {
        let dir = try TemporaryDirectory()
        let (store, runner) = try await Self.make(dir, transport: MaildirTransport(directory: URL(fileURLWithPath: dir.path("outbox")))) {
            $0.digestSize = 4
        }
        let reader = try await Self.subscribe(store, "reader@example.org", topics: [.query("video"), .trending])
        let preview = try #require(try await runner.preview(reader, now: Self.at("09:00:00")))
        #expect(preview.text.contains("Because you follow “video”"))
        // Before the hour nothing is due; after it one digest of four papers.
        #expect(try await runner.run(now: Self.at("07:59:00")) == DigestRunner.Report())
        #expect(try await runner.run(now: Self.at("08:00:00")) == DigestRunner.Report(created: 1, sent: 1))
        let first = try await store.sentPapers(to: reader.id)
        #expect(first.count == 4)
        // Video papers first, the most voted first among them.
        #expect(first.isSuperset(of: ["2608.00012", "2608.00010"].map { PaperID.parse($0)!.id }))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path("outbox/new"))
        #expect(files.count == 1 && files[0].hasSuffix(".eml"))

        // The next day's window still holds the 21st (listed late papers count), but what was sent is not sent again.
        let next = try await runner.run(now: ISO8601DateFormatter().date(from: "2026-08-22T08:30:00Z")!)
        #expect(next == DigestRunner.Report(created: 1, sent: 1))
        let second = try await store.sentPapers(to: reader.id)
        #expect(second.count == 8 && second.isSuperset(of: first))
    }

    @Test(.enabled(if: TestTools.aiosmtpd)) func temporaryFailuresAreRetriedWithBackoffAndBouncesPause() async throws {
        let dir = try TemporaryDirectory()
        guard let sink = try SMTPSink.start(in: dir, options: ["--temporary-failures", "1", "--reject", "bounce"]) else {
            if SMTPSink.toolsRequired { Issue.record("aiosmtpd is not installed") }
            return
        }
        let transport = SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"), heloName: "papers.example.org")
        let (store, runner) = try await Self.make(dir, transport: transport) { $0.concurrency = 1 }
        _ = try await Self.subscribe(store, "reader@example.org", topics: [.trending])
        #expect(try await runner.run(now: Self.at("09:00:00")) == DigestRunner.Report(created: 1, retrying: 1))
        #expect(try await runner.deliver(now: Self.at("09:00:30")) == DigestRunner.Report())
        #expect(try await runner.deliver(now: Self.at("09:01:01")) == DigestRunner.Report(sent: 1))
        #expect(sink.messages().count == 1)

        // Each day has a new paper; each digest to the unknown address is refused for good.
        for (i, day) in ["2026-08-22", "2026-08-23"].enumerated() {
            _ = try await store.upsert([Paper(id: PaperID.parse("2608.0010\(i)")!.id, title: "News \(day)", published: Day(day),
                                              listed: Day(day), sources: ["test"])])
        }
        let bouncing = try await Self.subscribe(store, "bounce@example.org", topics: [.trending], frequency: .daily)
        for day in ["2026-08-21", "2026-08-22", "2026-08-23"] {
            let report = try await runner.run(now: ISO8601DateFormatter().date(from: "\(day)T09:00:00Z")!)
            #expect(report.failed == 1, "\(day)")
        }
        #expect(try await store.subscription(id: bouncing.id)?.status == .paused)
        #expect(try await store.subscription(email: EmailAddress("reader@example.org")!)?.status == .active)
        await transport.close()
    }

    /// A sign-in link works for 15 minutes: its mail is retried within them and then given
    /// up, never delivered dead.
    @Test(.enabled(if: TestTools.aiosmtpd)) func signInMailIsNotRetriedPastItsLink() async throws {
        let dir = try TemporaryDirectory()
        guard let sink = try SMTPSink.start(in: dir, options: ["--temporary-failures", "3"]) else {
            if SMTPSink.toolsRequired { Issue.record("aiosmtpd is not installed") }
            return
        }
        let transport = SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"), heloName: "papers.example.org")
        let (store, runner) = try await Self.make(dir, transport: transport) { $0.concurrency = 1 }
        let asked = Self.at("09:00:00")
        try await runner.queueSignIn(to: EmailAddress("reader@example.org")!, link: "https://papers.example.org/signin/verify?token=t", now: asked)
        #expect(try await runner.deliver(now: asked) == DigestRunner.Report(retrying: 1))
        #expect(try await runner.deliver(now: asked.addingTimeInterval(61)) == DigestRunner.Report(retrying: 1))
        // The next retry falls after the link's 15 minutes: given up, and no bounce counted.
        #expect(try await runner.deliver(now: asked.addingTimeInterval(15 * 60)) == DigestRunner.Report(failed: 1))
        #expect(try await store.outboxCounts()[.failed] == 1)
        #expect(sink.messages().isEmpty)
        await transport.close()
    }
}
