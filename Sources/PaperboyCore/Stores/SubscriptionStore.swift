import Foundation

/// Readers' digest subscriptions.
public protocol SubscriptionStore: Sendable {
    /// A new pending subscription, or the existing one for the address (whatever its case:
    /// `Flood@`, `FLOOD@` and `flood@` reach one inbox, which must not get three digests;
    /// a `+tag` is a mailbox of its own): an unconfirmed or
    /// unsubscribed one takes the new settings and is pending again; a confirmed one is left
    /// unchanged (only its owner, through a signed link, may change it).
    func subscribe(_ subscription: Subscription) async throws -> SubscribeOutcome
    func subscription(id: Int64) async throws -> Subscription?
    func subscription(email: EmailAddress) async throws -> Subscription?
    /// Counts of subscriptions by status.
    func subscriptionCounts() async throws -> [Subscription.Status: Int]
    /// Saves topics, frequency, hour, time zone, the code choice (`onlyWithCode`) and status.
    func update(_ subscription: Subscription) async throws
    /// Subscriptions that may be due (active ones), and those that could not be read back.
    func activeSubscriptions() async throws -> ActiveSubscriptions
}

/// The active subscriptions, in id order, and the ids of active rows that could not be read
/// back (topics that are not JSON, an address that no longer validates: a row written by
/// hand or by another version), with why. A digest run sets those aside and serves the rest.
public struct ActiveSubscriptions: Sendable, Equatable {
    public struct Unreadable: Sendable, Equatable {
        public var id: Int64
        public var reason: String

        public init(id: Int64, reason: String) {
            self.id = id
            self.reason = reason
        }
    }

    public var readable: [Subscription]
    public var unreadable: [Unreadable]

    public init(readable: [Subscription], unreadable: [Unreadable] = []) {
        self.readable = readable
        self.unreadable = unreadable
    }
}
