import Foundation
import HTTPTypes
import Hummingbird
import PaperboyCore

/// Signed-in readers: the session cookie (HttpOnly, SameSite=Lax, Secure behind https) or an
/// API token (`Authorization: Bearer`, a session made on the account page), and the CSRF
/// token every state-changing form of a signed-in page carries.
struct ReaderSessions: Sendable {
    static let cookieName = "paperboy_session"
    /// A browser session lasts 30 days from sign-in; an API token a year.
    static let lifetime: TimeInterval = 30 * 86_400
    static let apiTokenLifetime: TimeInterval = 365 * 86_400
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    let tokens: SessionTokens
    let secureCookies: Bool

    /// The session's token and how it came: a cookie (forms must prove they are this site's
    /// with the CSRF token) or a bearer token (which browsers never attach on their own).
    func presented(_ request: Request) -> (hash: String, bearer: Bool)? {
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            return tokens.hash(of: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)).map { ($0, true) }
        }
        guard let cookie = request.cookies[ReaderSessions.cookieName]?.value else { return nil }
        return tokens.hash(of: cookie).map { ($0, false) }
    }

    func cookie(_ token: String) -> Cookie {
        Cookie(name: ReaderSessions.cookieName, value: token, maxAge: Int(ReaderSessions.lifetime), path: "/",
               secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// Replaces the cookie with an expired one (sign-out, a deleted account).
    func clearedCookie() -> Cookie {
        Cookie(name: ReaderSessions.cookieName, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }
}

/// The reader a request is signed in as.
struct SignedInReader: Sendable {
    let account: Account
    let tokenHash: String
    /// The CSRF token for this session's forms.
    let csrf: String
    /// Signed in by an API token rather than the cookie.
    let bearer: Bool
}
