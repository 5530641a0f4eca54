import Foundation
import PaperboyCore

extension InMemoryPaperStore {
    /// A new address gets a pending subscription in round 1; a pending or unsubscribed one
    /// takes the new settings and is pending in the next round; an active or paused one is
    /// left alone. What comes back is what the SQLite store returns: the request's settings
    /// as given, while the stored topics are those that read back from their text.
    public func subscribe(_ subscription: Subscription) throws -> SubscribeOutcome {
        try InMemoryPaperStore.check(subscription)
        if let found = self.subscription(email: subscription.email) {
            if found.status == .active || found.status == .paused { return .alreadyConfirmed(found) }
            var existing = found
            existing.adoptSettings(of: subscription)
            existing.status = .pending
            existing.confirmRound += 1
            var stored = existing
            stored.topics = InMemoryPaperStore.storedTopics(existing.topics)
            subscriptions[existing.id] = stored
            return .needsConfirmation(existing)
        }
        let id = (subscriptions.keys.max() ?? 0) + 1
        subscriptions[id] = Subscription(id: id, email: subscription.email, topics: InMemoryPaperStore.storedTopics(subscription.topics),
                                         frequency: subscription.frequency, hour: subscription.hour, timeZone: subscription.timeZone,
                                         status: .pending, confirmRound: 1, onlyWithCode: subscription.onlyWithCode)
        var created = subscription
        created.id = id
        created.status = .pending
        created.confirmRound = 1
        return .needsConfirmation(created)
    }

    public func subscription(id: Int64) -> Subscription? { subscriptions[id] }

    /// Whatever the address's case, as SQLite's `COLLATE NOCASE` (addresses are ASCII).
    public func subscription(email: EmailAddress) -> Subscription? {
        subscriptions.values.filter { $0.email.value.lowercased() == email.value.lowercased() }.min { $0.id < $1.id }
    }

    public func subscriptionCounts() -> [Subscription.Status: Int] {
        subscriptions.values.reduce(into: [:]) { $0[$1.status, default: 0] += 1 }
    }

    /// Saves topics, frequency, hour, time zone, the code choice, status and bounces (as the
    /// SQLite store does); the address, last digest day and confirmation round stay.
    public func update(_ subscription: Subscription) throws {
        guard var stored = subscriptions[subscription.id] else { return }
        try InMemoryPaperStore.check(subscription)
        stored.adoptSettings(of: subscription)
        stored.topics = InMemoryPaperStore.storedTopics(subscription.topics)
        stored.status = subscription.status
        stored.bounces = subscription.bounces
        subscriptions[subscription.id] = stored
    }

    /// In id order.
    public func activeSubscriptions() -> ActiveSubscriptions {
        ActiveSubscriptions(readable: subscriptions.values.filter { $0.status == .active }.sorted { $0.id < $1.id })
    }

    /// The `subscriptions` table's constraint on the hour.
    private static func check(_ subscription: Subscription) throws {
        guard (0...23).contains(subscription.hour) else { throw InMemoryStoreError.invalidHour(subscription.hour) }
    }

    /// Topics as they read back from the text SQLite keeps (`trending` in any case is the
    /// trending topic; a topic no longer valid is dropped).
    private static func storedTopics(_ topics: [DigestTopic]) -> [DigestTopic] {
        topics.map(\.description).compactMap(DigestTopic.init)
    }
}
