import Foundation

/// The absolute links of subscription emails, built from the public URL and signed tokens.
public struct SubscriptionLinks: Sendable {
    public let site: String
    public let tokens: SubscriptionTokens

    public init(publicURL: String, tokens: SubscriptionTokens) {
        site = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.tokens = tokens
    }

    /// Confirms this subscription's current round only.
    public func confirm(_ subscription: Subscription, now: Date) -> String {
        "\(site)/subscribe/confirm?token=\(tokens.token(.confirm, subscription: subscription.id, round: subscription.confirmRound, now: now))"
    }

    public func manage(_ id: Int64, now: Date) -> String {
        "\(site)/subscribe/manage?token=\(tokens.token(.manage, subscription: id, now: now))"
    }

    /// Also the RFC 8058 one-click target: a POST to it unsubscribes.
    public func unsubscribe(_ id: Int64, now: Date) -> String {
        "\(site)/unsubscribe?token=\(tokens.token(.unsubscribe, subscription: id, now: now))"
    }

    public func digestLinks(_ id: Int64, now: Date) -> DigestEmail.Links {
        DigestEmail.Links(site: site, manage: manage(id, now: now), unsubscribe: unsubscribe(id, now: now))
    }
}
