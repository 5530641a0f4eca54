import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore: SessionStore {
    public func createSession(tokenHash: String, account: Int64, expires: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO sessions (token_hash, account_id, expires) VALUES (?, ?, ?)",
                           arguments: [tokenHash, account, Self.timestamp(expires)])
        }
    }

    public func sessionAccount(tokenHash: String, at now: Date) async throws -> Account? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT accounts.id, accounts.email, accounts.created FROM sessions JOIN accounts ON accounts.id = sessions.account_id
                WHERE sessions.token_hash = ? AND sessions.expires > ?
                """, arguments: [tokenHash, Self.timestamp(now)]).map(Self.account)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func deleteExpiredSessions(before now: Date) async throws -> Int {
        try await pool.write { db in
            let cutoff = Self.timestamp(now)
            try db.execute(sql: "DELETE FROM sessions WHERE expires <= ?", arguments: [cutoff])
            var removed = db.changesCount
            try db.execute(sql: "DELETE FROM spent_login_nonces WHERE expires <= ?", arguments: [cutoff])
            removed += db.changesCount
            return removed
        }
    }

    public func spendLoginNonce(_ nonce: String, expires: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO spent_login_nonces (nonce, expires) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING",
                           arguments: [nonce, Self.timestamp(expires)])
            return db.changesCount > 0
        }
    }

    /// Expiry times compare as text: fixed-width UTC with milliseconds, so order is time order
    /// and a session expiring within the second is still told apart.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
