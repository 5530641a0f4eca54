import Foundation

/// Readers' digest subscriptions.
public protocol SubscriptionStore: Sendable {
    /// A new pending subscription, or the existing one for the address: an unconfirmed or
    /// unsubscribed one takes the new settings and is pending again; a confirmed one is left
    /// unchanged (only its owner, through a signed link, may change it).
    func subscribe(_ subscription: Subscription) async throws -> SubscribeOutcome
    func subscription(id: Int64) async throws -> Subscription?
    func subscription(email: EmailAddress) async throws -> Subscription?
    /// Counts of subscriptions by status.
    func subscriptionCounts() async throws -> [Subscription.Status: Int]
    /// Saves topics, frequency, hour, time zone, the code choice (`onlyWithCode`) and status.
    func update(_ subscription: Subscription) async throws
    /// Subscriptions that may be due (active ones).
    func activeSubscriptions() async throws -> [Subscription]
}
