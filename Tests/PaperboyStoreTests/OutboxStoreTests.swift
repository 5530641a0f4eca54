import Foundation
import PaperboyCore
import Testing

/// The outbox: each mail once per subscription, kind and period; claimed before delivery so
/// that no two deliverers send it; retried, sent or failed for good with bounces counted.
@Suite struct OutboxStoreTests {
    static let t0 = TestClock.at("2026-03-10T09:00:00Z")
    static func id(_ text: String) -> PaperID { PaperID.parse(text)!.id }

    /// An active subscription of `email`.
    static func subscriber(_ store: any ConformingStore, _ email: String) async throws -> Subscription {
        guard case .needsConfirmation(var subscription) = try await store.subscribe(Subscription(email: EmailAddress(email)!)) else {
            throw CancellationError()
        }
        subscription = try #require(try await store.subscription(id: subscription.id))
        subscription.status = .active
        try await store.update(subscription)
        return subscription
    }

    static func mail(_ subscription: Subscription, _ kind: OutboxMail.Kind, _ period: String, createdAt: Date = t0,
                     messageID: String? = nil) -> OutboxMail {
        OutboxMail(subscriptionID: subscription.id, kind: kind, period: period,
                   messageID: messageID ?? "<\(kind)-\(period)-\(subscription.id)@papers.example.org>", recipient: subscription.email,
                   message: Data("Subject: \(period)\r\n\r\nbody".utf8), createdAt: createdAt)
    }

    /// Sign-in links go to an address with no subscription; every other mail has one.
    @Test(arguments: StoreKind.allCases)
    func signInMailGoesToAnAddressAndIsDeliveredLikeAnyMail(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let reader = try await Self.subscriber(store, "reader@example.org")
            let address = EmailAddress("new@example.org")!
            let signIn = OutboxMail(subscriptionID: nil, kind: .signin, period: "<s1>", messageID: "<s1>", recipient: address,
                                    message: Data("Subject: sign in\r\n\r\nbody".utf8), createdAt: Self.t0)
            #expect(try await store.enqueue(signIn, papers: [], digestDay: nil))
            let claimed = try await store.claimDueMail(at: Self.t0, limit: 10, claimer: "a", lease: 60)
            #expect(claimed.map(\.kind) == [.signin] && claimed.first?.subscriptionID == nil && claimed.first?.recipient == address)
            // Claimed mail keeps its creation time (a sign-in link's mail stops being retried by it).
            #expect(claimed.first?.createdAt == Self.t0)
            try await store.markSent(claimed[0].id, at: Self.t0)
            #expect(try await store.outboxCounts()[.sent] == 1)
            var mismatched = signIn
            mismatched.subscriptionID = reader.id
            mismatched.messageID = "<s2>"
            await #expect(throws: (any Error).self) { try await store.enqueue(mismatched, papers: [], digestDay: nil) }
            var orphan = Self.mail(reader, .confirm, "1")
            orphan.subscriptionID = nil
            await #expect(throws: (any Error).self) { try await store.enqueue(orphan, papers: [], digestDay: nil) }
        }
    }

    /// A reader who leaves while a long digest run is under way gets nothing from it.
    @Test(arguments: StoreKind.allCases)
    func noDigestForAReaderWhoLeftDuringTheRun(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            var reader = try await Self.subscriber(store, "reader@example.org")
            reader.status = .unsubscribed
            try await store.update(reader)
            #expect(try await store.enqueue(Self.mail(reader, .digest, "2026-03-10"), papers: [Self.id("2603.00001")], digestDay: Day("2026-03-10")) == false)
            #expect(try await store.outboxCounts().isEmpty)
            #expect(try await store.sentPapers(to: reader.id).isEmpty)
            #expect(try await store.subscription(id: reader.id)?.lastDigestDay == nil)
            // Mail the reader asked for still goes (a manage link after subscribing again).
            #expect(try await store.enqueue(Self.mail(reader, .manage, "1"), papers: [], digestDay: nil))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aMailIsEnqueuedOncePerKindAndPeriod(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let reader = try await Self.subscriber(store, "reader@example.org")
            let other = try await Self.subscriber(store, "other@example.org")
            let papers = [Self.id("2603.00001"), Self.id("2603.00002")]
            #expect(try await store.enqueue(Self.mail(reader, .digest, "2026-03-10"), papers: papers, digestDay: Day("2026-03-10")))
            #expect(try await store.subscription(id: reader.id)?.lastDigestDay == Day("2026-03-10"))
            #expect(try await store.sentPapers(to: reader.id) == Set(papers))
            // The same period again, even as a different message: refused, and nothing of it written.
            #expect(try await !store.enqueue(Self.mail(reader, .digest, "2026-03-10", messageID: "<again@papers.example.org>"),
                                             papers: [Self.id("2603.00003")], digestDay: Day("2026-03-11")))
            #expect(try await store.sentPapers(to: reader.id) == Set(papers))
            #expect(try await store.subscription(id: reader.id)?.lastDigestDay == Day("2026-03-10"))
            #expect(try await store.outboxCounts() == [.queued: 1])
            // Another kind, or another reader, for the same period is another mail.
            #expect(try await store.enqueue(Self.mail(reader, .confirm, "2026-03-10"), papers: [], digestDay: nil))
            #expect(try await store.enqueue(Self.mail(other, .digest, "2026-03-10"), papers: [Self.id("2603.00003")], digestDay: nil))
            #expect(try await store.outboxCounts() == [.queued: 3])
            #expect(try await store.sentPapers(to: other.id) == [Self.id("2603.00003")])
            #expect(try await store.subscription(id: other.id)?.lastDigestDay == nil)
            // An empty digest only moves the day.
            try await store.skipDigest(subscriptionID: reader.id, day: Day("2026-03-11")!)
            #expect(try await store.subscription(id: reader.id)?.lastDigestDay == Day("2026-03-11"))
            #expect(try await store.outboxCounts() == [.queued: 3])
            // A mail for nobody is refused.
            var stray = Self.mail(reader, .digest, "2026-03-12")
            stray.subscriptionID = reader.id + other.id + 100
            await #expect(throws: (any Error).self) { try await store.enqueue(stray, papers: [], digestDay: nil) }
            #expect(try await store.outboxCounts() == [.queued: 3])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aPaperDeliveredOnceStaysSentWhenALaterDigestFails(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let reader = try await Self.subscriber(store, "reader@example.org")
            let paper = Self.id("2603.00001")
            _ = try await store.enqueue(Self.mail(reader, .digest, "d1"), papers: [paper], digestDay: nil)
            _ = try await store.enqueue(Self.mail(reader, .digest, "d2"), papers: [paper, Self.id("2603.00002")], digestDay: nil)
            let mails = try await store.claimDueMail(at: Self.t0, limit: 10, claimer: "a", lease: 60)
            try await store.markSent(mails[0].id, at: Self.t0)
            try await store.markFailed(mails[1].id, error: "550", retryAt: nil, pauseAfterBounces: 5)
            let sent = try await store.sentPapers(to: reader.id)
            #expect(sent == [paper], "the delivered digest counts, whatever became of the later one")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aClaimHoldsDueMailUntilItsLeaseEnds(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let reader = try await Self.subscriber(store, "reader@example.org")
            let t0 = Self.t0
            _ = try await store.enqueue(Self.mail(reader, .digest, "first", createdAt: t0.addingTimeInterval(-3_600)), papers: [], digestDay: nil)
            _ = try await store.enqueue(Self.mail(reader, .digest, "second", createdAt: t0.addingTimeInterval(-1_800)), papers: [], digestDay: nil)
            _ = try await store.enqueue(Self.mail(reader, .digest, "later", createdAt: t0.addingTimeInterval(3_600)), papers: [], digestDay: nil)

            let claimed = try await store.claimDueMail(at: t0, limit: 10, claimer: "a", lease: 60)
            #expect(claimed.map(\.period) == ["first", "second"])
            #expect(claimed.allSatisfy { $0.status == .queued && $0.attempts == 0 && $0.recipient == reader.email })
            #expect(claimed.first?.message == Data("Subject: first\r\n\r\nbody".utf8))
            // Held: another deliverer gets nothing until the lease has run out.
            #expect(try await store.claimDueMail(at: t0.addingTimeInterval(30), limit: 10, claimer: "b", lease: 60).isEmpty)
            #expect(try await store.claimers(at: t0.addingTimeInterval(30)) == ["a"])
            #expect(try await store.claimers(at: t0.addingTimeInterval(61)) == [])
            // Then the earliest due first, up to the limit.
            let retaken = try await store.claimDueMail(at: t0.addingTimeInterval(61), limit: 1, claimer: "b", lease: 60)
            #expect(retaken.map(\.period) == ["first"])
            #expect(try await store.claimers(at: t0.addingTimeInterval(62)) == ["b"])
            // A deliverer known to be gone gives its claims back at once.
            try await store.releaseClaims(of: "b")
            #expect(try await store.claimers(at: t0.addingTimeInterval(62)).isEmpty)
            let released = try await store.claimDueMail(at: t0.addingTimeInterval(62), limit: 10, claimer: "c", lease: 600)
            #expect(released.map(\.period) == ["first", "second"])

            // A retried mail waits for its time and then comes after mail due earlier.
            try await store.markFailed(released[0].id, error: "451 try later", retryAt: t0.addingTimeInterval(300), pauseAfterBounces: 3)
            try await store.releaseClaims(of: "c")
            #expect(try await store.claimDueMail(at: t0.addingTimeInterval(200), limit: 10, claimer: "d", lease: 10).map(\.period)
                == ["second"])
            // Due first is claimed first, whatever the mails' order of creation.
            let earliest = try await store.claimDueMail(at: t0.addingTimeInterval(3_700), limit: 1, claimer: "e", lease: 10)
            #expect(earliest.map(\.period) == ["second"])
            let rest = try await store.claimDueMail(at: t0.addingTimeInterval(3_700), limit: 10, claimer: "e", lease: 10)
            #expect(rest.map(\.period) == ["first", "later"])
            #expect(rest.first?.attempts == 1)
            // Only queued mail is claimed: sent mail is done.
            try await store.markSent(earliest[0].id, at: t0.addingTimeInterval(3_701))
            let last = try await store.claimDueMail(at: t0.addingTimeInterval(3_800), limit: 10, claimer: "f", lease: 10)
            #expect(last.map(\.period) == ["first", "later"])
            #expect(try await store.outboxCounts() == [.queued: 2, .sent: 1])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func permanentFailuresCountBouncesAndPause(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let reader = try await Self.subscriber(store, "reader@example.org")
            let t0 = Self.t0
            for (period, paper) in [("d1", "2603.00001"), ("d2", "2603.00002"), ("d3", "2603.00003")] {
                _ = try await store.enqueue(Self.mail(reader, .digest, period), papers: [Self.id(paper)], digestDay: nil)
            }
            let mails = try await store.claimDueMail(at: t0, limit: 10, claimer: "a", lease: 60)
            #expect(mails.count == 3)
            // A retry is no bounce.
            try await store.markFailed(mails[0].id, error: "451 busy", retryAt: t0.addingTimeInterval(60), pauseAfterBounces: 2)
            #expect(try await store.subscription(id: reader.id)?.bounces == 0)
            // Failed for good: a bounce, and its papers were never received.
            try await store.markFailed(mails[0].id, error: String(repeating: "550 no such user ", count: 100), retryAt: nil, pauseAfterBounces: 2)
            #expect(try await store.subscription(id: reader.id)?.bounces == 1)
            #expect(try await store.subscription(id: reader.id)?.status == .active)
            #expect(try await store.sentPapers(to: reader.id) == [Self.id("2603.00002"), Self.id("2603.00003")])
            // The second bounce in a row pauses the reader.
            try await store.markFailed(mails[1].id, error: "550", retryAt: nil, pauseAfterBounces: 2)
            #expect(try await store.subscription(id: reader.id)?.bounces == 2)
            #expect(try await store.subscription(id: reader.id)?.status == .paused)
            #expect(try await store.activeSubscriptions().readable.isEmpty)
            // A delivery ends the run of bounces; the pause stays the reader's to lift.
            try await store.markSent(mails[2].id, at: t0.addingTimeInterval(10))
            #expect(try await store.subscription(id: reader.id)?.bounces == 0)
            #expect(try await store.subscription(id: reader.id)?.status == .paused)
            #expect(try await store.outboxCounts() == [.failed: 2, .sent: 1])
            #expect(try await store.claimers(at: t0).isEmpty)
            #expect(try await store.claimDueMail(at: t0.addingTimeInterval(3_600), limit: 10, claimer: "b", lease: 60).isEmpty)
        }
    }
}
