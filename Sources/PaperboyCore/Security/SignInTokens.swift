import Foundation

/// The token of an emailed sign-in link: the address, an expiry 15 minutes on and a random
/// nonce, signed for this purpose only. The nonce is spent when the link is used
/// (`SessionStore.spendLoginNonce`), so a link signs in once.
public struct SignInTokens: Sendable {
    public static let lifetime: TimeInterval = 15 * 60
    static let purpose = "signin"

    public struct Claim: Sendable, Equatable {
        public var email: EmailAddress
        public var nonce: String
        public var expires: Date
    }

    let signer: TokenSigner

    public init(signer: TokenSigner) { self.signer = signer }

    public func token(for email: EmailAddress, now: Date) -> String {
        let nonce = TokenSigner.random(bytes: 16)
        let expiry = Int(now.timeIntervalSince1970 + SignInTokens.lifetime)
        // Base64url has no dots, so the three parts split cleanly whatever the address holds.
        return signer.sign("\(Data(email.value.utf8).base64URLEncoded()).\(expiry).\(nonce)", purpose: SignInTokens.purpose)
    }

    /// What a token made here names, while it has not expired.
    public func claim(_ token: String, now: Date) -> Claim? {
        guard token.utf8.count <= 600, let value = signer.verify(token, purpose: SignInTokens.purpose) else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let address = Data(base64URL: String(parts[0])), let text = String(data: address, encoding: .utf8),
              let email = EmailAddress(text), let expiry = Int(parts[1]), !parts[2].isEmpty else { return nil }
        let expires = Date(timeIntervalSince1970: Double(expiry))
        guard expires >= now else { return nil }
        return Claim(email: email, nonce: String(parts[2]), expires: expires)
    }
}
