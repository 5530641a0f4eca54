import Foundation
import PaperboyCore
import HTTPTypes
import Hummingbird

/// The anonymous identity of a visitor: a random id in a signed cookie, made on the first
/// vote. Votes are stored against it; accounts will reuse it later.
struct VisitorIdentity: Sendable {
    static let cookieName = "paperboy_visitor"
    static let purpose = "visitor"

    let signer: TokenSigner
    let secureCookies: Bool

    /// The visitor's id, when the request carries a cookie this server signed.
    func current(_ request: Request) -> String? {
        guard let token = request.cookies[VisitorIdentity.cookieName]?.value else { return nil }
        return signer.verify(token, purpose: VisitorIdentity.purpose)
    }

    func newID() -> String {
        "v-" + TokenSigner.random(bytes: 16)
    }

    func cookie(for id: String) -> Cookie {
        Cookie(name: VisitorIdentity.cookieName, value: signer.sign(id, purpose: VisitorIdentity.purpose),
               maxAge: 2 * 365 * 24 * 3600, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }
}
