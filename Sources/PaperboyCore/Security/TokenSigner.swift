import Crypto
import Foundation

/// Signs values a user may hold (visitor and session cookies, subscription and sign-in links)
/// with HMAC-SHA256 under the server secret, so they cannot be forged or altered.
public struct TokenSigner: Sendable {
    private let secret: Data
    private var key: SymmetricKey { SymmetricKey(data: secret) }

    public init(secret: String) {
        self.secret = Data(secret.utf8)
    }

    /// `value.signature`, where the signature covers `purpose` too, so a token made for one
    /// use is never accepted for another.
    public func sign(_ value: String, purpose: String) -> String {
        value + "." + signature(value, purpose: purpose)
    }

    /// The value of a token `sign` made for `purpose`, or nil when it was not made here.
    public func verify(_ token: String, purpose: String) -> String? {
        guard let dot = token.lastIndex(of: ".") else { return nil }
        let value = String(token[..<dot])
        let given = Data(base64URL: String(token[token.index(after: dot)...]))
        guard let given, HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Data((purpose + "\n" + value).utf8), using: key) else {
            return nil
        }
        return value
    }

    /// The signature alone (what `sign` appends): for tokens derived from a value the server
    /// already holds, such as a session's CSRF token.
    public func mac(_ value: String, purpose: String) -> String {
        signature(value, purpose: purpose)
    }

    private func signature(_ value: String, purpose: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data((purpose + "\n" + value).utf8), using: key)).base64URLEncoded()
    }

    /// 32 random bytes, base64url: a new server secret.
    public static func newSecret() -> String { random(bytes: 32) }

    /// `bytes` random bytes from the system's secure generator, base64url: secrets, session
    /// tokens, nonces, visitor ids.
    public static func random(bytes: Int) -> String {
        Data(SymmetricKey(size: SymmetricKeySize(bitCount: bytes * 8)).withUnsafeBytes { Array($0) }).base64URLEncoded()
    }
}

extension Data {
    /// Base64 with `-` and `_`, no padding: safe in cookies and URLs.
    public func base64URLEncoded() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init?(base64URL text: String) {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
