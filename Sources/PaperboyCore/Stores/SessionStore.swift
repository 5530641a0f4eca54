import Foundation

/// Signed-in sessions and the single use of sign-in links. Sessions live in the database so
/// that any number of server processes share them; the store keeps only a hash of each
/// session token (a stolen database opens no session).
public protocol SessionStore: Sendable {
    /// Records a session for the account, valid until `expires`.
    func createSession(tokenHash: String, account: Int64, expires: Date) async throws
    /// The account of a session still valid at `now`; nil for an unknown or expired one.
    func sessionAccount(tokenHash: String, at now: Date) async throws -> Account?
    /// Ends a session (sign-out).
    func deleteSession(tokenHash: String) async throws
    /// Removes sessions and spent link nonces that expired before `now`; how many.
    func deleteExpiredSessions(before now: Date) async throws -> Int
    /// Spends a sign-in link's nonce: true the first time, false ever after (until it expires
    /// and is cleaned up, past which the link's own expiry refuses it anyway).
    func spendLoginNonce(_ nonce: String, expires: Date) async throws -> Bool
}
