import Foundation
import PaperboyCore
import Testing

/// Digest subscriptions: pending until confirmed, confirmed ones changed only by their owner.
@Suite struct SubscriptionStoreTests {
    static let reader = EmailAddress("reader@example.org")!
    static let other = EmailAddress("other@example.org")!

    @Test(arguments: StoreKind.allCases)
    func subscribingConfirmingAndUnsubscribing(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let request = Subscription(email: Self.reader, topics: [.query("video"), .trending], frequency: .weekly, hour: 8,
                                       timeZone: "Europe/Paris")
            guard case .needsConfirmation(let created) = try await store.subscribe(request) else {
                Issue.record("a new address must confirm")
                return
            }
            #expect(created.status == .pending)
            #expect(created.confirmRound == 1)
            let stored = try #require(try await store.subscription(id: created.id))
            #expect(stored == Subscription(id: created.id, email: Self.reader, topics: [.query("video"), .trending], frequency: .weekly,
                                           hour: 8, timeZone: "Europe/Paris", status: .pending, lastDigestDay: nil, bounces: 0,
                                           confirmRound: 1))
            #expect(try await store.subscription(email: Self.reader) == stored)
            #expect(try await store.subscription(email: Self.other) == nil)
            #expect(try await store.subscription(id: created.id + 100) == nil)

            // Asking again while pending: the new settings, a new confirmation round, the same subscription.
            let again = Subscription(email: Self.reader, topics: [.query("graphs")], frequency: .daily, hour: 9, timeZone: "UTC")
            guard case .needsConfirmation(let renewed) = try await store.subscribe(again) else {
                Issue.record("a pending address must confirm again")
                return
            }
            #expect(renewed.id == created.id)
            #expect(renewed.confirmRound == 2)
            let pending = try #require(try await store.subscription(id: created.id))
            #expect(pending.topics == [.query("graphs")] && pending.frequency == .daily && pending.hour == 9 && pending.timeZone == "UTC")
            #expect(pending.confirmRound == 2)
            #expect(try await store.activeSubscriptions().readable.isEmpty)

            // Confirmed: a new request changes nothing, and says so.
            var active = pending
            active.status = .active
            try await store.update(active)
            guard case .alreadyConfirmed(let existing) = try await store.subscribe(request) else {
                Issue.record("a confirmed address must not be changed by a request")
                return
            }
            #expect(existing == active)
            #expect(try await store.subscription(id: active.id) == active)
            #expect(try await store.activeSubscriptions().readable == [active])

            // A second reader, and counts by status.
            guard case .needsConfirmation(let second) = try await store.subscribe(Subscription(email: Self.other)) else {
                Issue.record("a new address must confirm")
                return
            }
            #expect(second.id != active.id)
            #expect(try await store.subscriptionCounts() == [.active: 1, .pending: 1])

            // Unsubscribed: no longer active; a new request makes it pending in a new round.
            var gone = active
            gone.status = .unsubscribed
            try await store.update(gone)
            #expect(try await store.subscriptionCounts() == [.unsubscribed: 1, .pending: 1])
            #expect(try await store.activeSubscriptions().readable.isEmpty)
            guard case .needsConfirmation(let back) = try await store.subscribe(request) else {
                Issue.record("an unsubscribed address must confirm again")
                return
            }
            #expect(back.id == active.id && back.status == .pending && back.confirmRound == 3)
            #expect(try await store.subscription(id: active.id)?.topics == [.query("video"), .trending])

            // Paused counts as confirmed.
            var paused = try #require(try await store.subscription(id: active.id))
            paused.status = .paused
            try await store.update(paused)
            guard case .alreadyConfirmed = try await store.subscribe(request) else {
                Issue.record("a paused address is confirmed")
                return
            }
        }
    }

    /// `Flood@`, `FLOOD@` and `flood@` reach one inbox: one subscription, or that inbox would
    /// get a digest per spelling. A `+tag` is a mailbox of its own.
    @Test(arguments: StoreKind.allCases)
    func anAddressIsOneSubscriptionWhateverItsCase(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            guard case .needsConfirmation(let first) = try await store.subscribe(Subscription(email: EmailAddress("Flood@Example.org")!)) else {
                Issue.record("a new address must confirm")
                return
            }
            guard case .needsConfirmation(let again) = try await store.subscribe(Subscription(email: EmailAddress("FLOOD@example.org")!)) else {
                Issue.record("a pending address must confirm again")
                return
            }
            #expect(again.id == first.id && again.confirmRound == 2)
            #expect(try await store.subscription(email: EmailAddress("flood@EXAMPLE.ORG")!)?.id == first.id)
            // The address stays as first given.
            #expect(try await store.subscription(id: first.id)?.email.value == "Flood@example.org")
            guard case .needsConfirmation(let tagged) = try await store.subscribe(Subscription(email: EmailAddress("flood+papers@example.org")!)) else {
                Issue.record("a tagged address is a mailbox of its own")
                return
            }
            #expect(tagged.id != first.id)
            #expect(try await store.subscriptionCounts() == [.pending: 2])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func updateSavesTheReadersSettingsOnly(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            guard case .needsConfirmation(let created) = try await store.subscribe(Subscription(email: Self.reader)) else {
                Issue.record("a new address must confirm")
                return
            }
            var changed = try #require(try await store.subscription(id: created.id))
            changed.topics = [.query("cat:cs.CV")]
            changed.frequency = .weekly
            changed.hour = 23
            changed.timeZone = "Asia/Tokyo"
            changed.status = .active
            changed.lastDigestDay = Day("2026-03-10")
            changed.confirmRound = 7
            try await store.update(changed)
            let stored = try #require(try await store.subscription(id: created.id))
            #expect(stored.topics == [.query("cat:cs.CV")] && stored.frequency == .weekly && stored.hour == 23)
            #expect(stored.timeZone == "Asia/Tokyo" && stored.status == .active)
            // The last digest day moves with digests, the round with requests: not here.
            #expect(stored.lastDigestDay == nil)
            #expect(stored.confirmRound == 1)
            // The schema refuses an hour that is not one.
            changed.hour = 24
            await #expect(throws: (any Error).self) { try await store.update(changed) }
            await #expect(throws: (any Error).self) { try await store.subscribe(Subscription(email: Self.other, hour: -1)) }
            #expect(try await store.subscription(email: Self.other) == nil)
        }
    }
}
