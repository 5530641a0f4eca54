import Foundation

/// The signed tokens in subscription links. Each names the subscription, is signed for its
/// purpose (so one kind never works as another) and expires: confirm after a week (and
/// only for the subscribe request it was sent for), manage after 90 days (every digest
/// carries a fresh one), unsubscribe after 400 days, so a year-old digest still lets its
/// reader leave. Unsubscribe tokens of emails sent before tokens expired (expiry 0) stay
/// valid for that one purpose; nothing else accepts them.
public struct SubscriptionTokens: Sendable {
    public enum Purpose: String, Sendable, CaseIterable {
        case confirm = "subscription-confirm"
        case manage = "subscription-manage"
        case unsubscribe = "subscription-unsubscribe"

        public var lifetime: TimeInterval {
            switch self {
            case .confirm: 7 * 86_400
            case .manage: 90 * 86_400
            case .unsubscribe: 400 * 86_400
            }
        }
    }

    /// What a valid token names: the subscription and, for confirm tokens, its round.
    public struct Claim: Sendable, Equatable {
        public var subscription: Int64
        public var round: Int
    }

    public static let confirmLifetime = Purpose.confirm.lifetime

    let signer: TokenSigner

    public init(signer: TokenSigner) { self.signer = signer }

    public func token(_ purpose: Purpose, subscription id: Int64, round: Int = 0, now: Date) -> String {
        let expiry = Int(now.timeIntervalSince1970 + purpose.lifetime)
        return signer.sign("\(id)-\(expiry)-\(round)", purpose: purpose.rawValue)
    }

    /// The subscription and round a token names, when it was made here for `purpose` and has
    /// not expired.
    public func claim(_ token: String, _ purpose: Purpose, now: Date) -> Claim? {
        guard token.utf8.count <= 200, let value = signer.verify(token, purpose: purpose.rawValue) else { return nil }
        let parts = value.split(separator: "-")
        guard (2...3).contains(parts.count), let id = Int64(parts[0]), let expiry = Int(parts[1]) else { return nil }
        let round = parts.count == 3 ? Int(parts[2]) : 0
        guard let round else { return nil }
        if expiry == 0 {
            guard purpose == .unsubscribe else { return nil }
        } else if Double(expiry) < now.timeIntervalSince1970 {
            return nil
        }
        return Claim(subscription: id, round: round)
    }

    /// The subscription a token names (see `claim`).
    public func subscription(_ token: String, _ purpose: Purpose, now: Date) -> Int64? {
        claim(token, purpose, now: now)?.subscription
    }
}
