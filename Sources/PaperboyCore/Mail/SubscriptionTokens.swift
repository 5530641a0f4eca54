import Foundation

/// The signed tokens in subscription links: confirm (expires after a week), manage and
/// unsubscribe (kept valid, since old emails carry them). Each names the subscription and
/// is signed for its purpose, so one kind never works as another.
public struct SubscriptionTokens: Sendable {
    public enum Purpose: String, Sendable, CaseIterable {
        case confirm = "subscription-confirm"
        case manage = "subscription-manage"
        case unsubscribe = "subscription-unsubscribe"
    }

    public static let confirmLifetime: TimeInterval = 7 * 86_400

    let signer: TokenSigner

    public init(signer: TokenSigner) { self.signer = signer }

    public func token(_ purpose: Purpose, subscription id: Int64, now: Date = Date()) -> String {
        let expiry = purpose == .confirm ? Int(now.timeIntervalSince1970 + Self.confirmLifetime) : 0
        return signer.sign("\(id)-\(expiry)", purpose: purpose.rawValue)
    }

    /// The subscription a token names, when it was made here for `purpose` and has not expired.
    public func subscription(_ token: String, _ purpose: Purpose, now: Date = Date()) -> Int64? {
        guard token.count <= 200, let value = signer.verify(token, purpose: purpose.rawValue) else { return nil }
        let parts = value.split(separator: "-")
        guard parts.count == 2, let id = Int64(parts[0]), let expiry = Int(parts[1]) else { return nil }
        if expiry != 0 && Double(expiry) < now.timeIntervalSince1970 { return nil }
        return id
    }
}
