import Foundation
import PaperboyCore
import Testing

/// The tokens a signed-in reader holds: sign-in links and session cookies, with the CSRF
/// tokens derived from sessions.
@Suite struct AccountTokenTests {
    static let signer = TokenSigner(secret: "test secret")
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aSignInLinkNamesItsAddressForFifteenMinutes() throws {
        let tokens = SignInTokens(signer: Self.signer)
        // An address with dots, a plus and a quote: the token's parts still split cleanly.
        let email = try #require(EmailAddress("o'brien.x+papers@example.org"))
        let token = tokens.token(for: email, now: Self.t0)
        let claim = try #require(tokens.claim(token, now: Self.t0.addingTimeInterval(14 * 60)))
        #expect(claim.email == email)
        #expect(claim.expires == Self.t0.addingTimeInterval(15 * 60))
        #expect(tokens.claim(token, now: Self.t0.addingTimeInterval(15 * 60 + 1)) == nil)
        // Two links for one address are two nonces: each is spent on its own.
        #expect(tokens.claim(tokens.token(for: email, now: Self.t0), now: Self.t0)?.nonce != claim.nonce)
        // Another secret, another purpose, or one changed character: refused.
        #expect(SignInTokens(signer: TokenSigner(secret: "other")).claim(token, now: Self.t0) == nil)
        let value = String(token[..<token.lastIndex(of: ".")!])
        #expect(tokens.claim(Self.signer.sign(value, purpose: "session"), now: Self.t0) == nil)
        var altered = Array(token)
        altered[2] = altered[2] == "A" ? "B" : "A"
        #expect(tokens.claim(String(altered), now: Self.t0) == nil)
        #expect(tokens.claim(String(repeating: "a", count: 5_000), now: Self.t0) == nil)
    }

    @Test func sessionTokensAreStoredOnlyAsHashesAndEachHasItsCSRFToken() throws {
        let tokens = SessionTokens(signer: Self.signer)
        let (token, hash) = tokens.newToken()
        #expect(tokens.hash(of: token) == hash)
        #expect(!token.contains(hash) && hash.count == 64)
        let other = tokens.newToken()
        #expect(other.hash != hash)
        let csrf = tokens.csrf(forSessionHash: hash)
        #expect(tokens.isValidCSRF(csrf, forSessionHash: hash))
        #expect(!tokens.isValidCSRF(csrf, forSessionHash: other.hash))
        #expect(!tokens.isValidCSRF(nil, forSessionHash: hash))
        #expect(!tokens.isValidCSRF("", forSessionHash: hash))
        #expect(!tokens.isValidCSRF(tokens.csrf(forSessionHash: other.hash), forSessionHash: hash))
        // A cookie not signed here is no session, whatever it holds.
        #expect(tokens.hash(of: "forged.AAAA") == nil)
        #expect(SessionTokens(signer: TokenSigner(secret: "other")).hash(of: token) == nil)
    }
}
