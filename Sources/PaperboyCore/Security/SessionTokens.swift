import Crypto
import Foundation

/// Session tokens and the CSRF tokens derived from them. A session token is 32 random bytes,
/// signed (so a forged cookie is refused before the database is asked); the store keeps only
/// the SHA-256 of the random part. The CSRF token of a session is an HMAC of that hash: a
/// page of this site can show it, another site cannot compute it.
public struct SessionTokens: Sendable {
    static let purpose = "session"
    static let csrfPurpose = "csrf"

    let signer: TokenSigner

    public init(signer: TokenSigner) { self.signer = signer }

    /// A new token and the hash the store keeps of it.
    public func newToken() -> (token: String, hash: String) {
        let secret = TokenSigner.random(bytes: 32)
        return (signer.sign(secret, purpose: SessionTokens.purpose), SessionTokens.hash(secret))
    }

    /// The stored hash of a token made here, nil for any other text.
    public func hash(of token: String) -> String? {
        guard token.utf8.count <= 200, let secret = signer.verify(token, purpose: SessionTokens.purpose) else { return nil }
        return SessionTokens.hash(secret)
    }

    public func csrf(forSessionHash hash: String) -> String {
        signer.mac(hash, purpose: SessionTokens.csrfPurpose)
    }

    /// Whether `given` is the CSRF token of the session (compared in constant time).
    public func isValidCSRF(_ given: String?, forSessionHash hash: String) -> Bool {
        guard let given, given.utf8.count <= 100 else { return false }
        return signer.verify(hash + "." + given, purpose: SessionTokens.csrfPurpose) == hash
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
