import Foundation

/// The absolute links of subscription emails, built from the public URL and signed tokens.
public struct SubscriptionLinks: Sendable {
    public let site: String
    public let tokens: SubscriptionTokens

    public init(publicURL: String, tokens: SubscriptionTokens) {
        site = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.tokens = tokens
    }

    public func confirm(_ id: Int64, now: Date = Date()) -> String {
        "\(site)/subscribe/confirm?token=\(tokens.token(.confirm, subscription: id, now: now))"
    }

    public func manage(_ id: Int64) -> String { "\(site)/subscribe/manage?token=\(tokens.token(.manage, subscription: id))" }

    /// Also the RFC 8058 one-click target: a POST to it unsubscribes.
    public func unsubscribe(_ id: Int64) -> String { "\(site)/unsubscribe?token=\(tokens.token(.unsubscribe, subscription: id))" }

    public func digestLinks(_ id: Int64) -> DigestEmail.Links {
        DigestEmail.Links(site: site, manage: manage(id), unsubscribe: unsubscribe(id))
    }
}
