import Foundation
import PaperboyCore
import PostgresNIO

extension PostgresPaperStore {
    /// The account of an address (case ignored), created on first use; two servers creating
    /// it at once get the same one.
    public func account(email: EmailAddress, creatingAt date: Date) async throws -> Account {
        let logger = self.logger
        return try await read { connection in
            // One statement: an account deleted by another server in between cannot leave
            // this with nothing to return.
            try Self.account(try await connection.all("""
                INSERT INTO accounts (email, created) VALUES (\(email.value), \(date.timeIntervalSince1970))
                ON CONFLICT ((lower(email))) DO UPDATE SET email = accounts.email
                RETURNING id, email, created
                """, logger)[0])
        }
    }

    public func account(id: Int64) async throws -> Account? {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("SELECT id, email, created FROM accounts WHERE id = \(id)", logger).first.map(Self.account)
        }
    }

    public func account(email: EmailAddress) async throws -> Account? {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("SELECT id, email, created FROM accounts WHERE lower(email) = lower(\(email.value))", logger)
                .first.map(Self.account)
        }
    }

    public func accountCount() async throws -> Int {
        let logger = self.logger
        return try await read { connection in
            Int(try await connection.all("SELECT count(*) FROM accounts", logger)[0].value(0, as: Int64.self))
        }
    }

    public func deleteAccount(id: Int64) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            guard let email = try await connection.all("SELECT email FROM accounts WHERE id = \(id) FOR UPDATE", logger)
                .first?.value(0, as: String.self) else { return false }
            // The subscription of the address (with its mail and digest record, by cascade)
            // and the sign-in mail to it are the reader's too.
            try await connection.run("DELETE FROM subscriptions WHERE lower(email) = lower(\(email))", logger)
            try await connection.run("DELETE FROM outbox WHERE subscription_id IS NULL AND lower(recipient) = lower(\(email))", logger)
            try await connection.run("DELETE FROM accounts WHERE id = \(id)", logger)
            return true
        }
    }

    static func account(_ row: PostgresRandomAccessRow) throws -> Account {
        guard let email = EmailAddress(try row.value(1, as: String.self)) else {
            throw PostgresStoreError(message: "unreadable account row \(try row.value(0, as: Int64.self))")
        }
        return Account(id: try row.value(0), email: email, created: Date(timeIntervalSince1970: try row.value(2)))
    }

    public func save(_ paper: PaperID, in collection: String, account: Int64, at date: Date) async throws -> Bool? {
        let logger = self.logger
        return try await transaction { connection in
            guard let pk = try await connection.all("SELECT pk FROM papers WHERE id = \(paper.rawValue)", logger)
                .first?.value(0, as: Int64.self) else { return nil }
            // A paper saved before keeps its first date in a new collection too.
            let first = try await connection.all("""
                SELECT min(saved) FROM library_items WHERE account_id = \(account) AND paper_pk = \(pk)
                """, logger)[0].value(0, as: Double?.self)
            return try await connection.count("""
                INSERT INTO library_items (account_id, collection, paper_pk, saved)
                VALUES (\(account), \(collection), \(pk), \(first ?? date.timeIntervalSince1970))
                ON CONFLICT (account_id, collection, paper_pk) DO NOTHING RETURNING 1
                """, logger) > 0
        }
    }

    public func remove(_ paper: PaperID, from collection: String?, account: Int64) async throws -> Int {
        let logger = self.logger
        return try await read { connection in
            try await connection.count("""
                DELETE FROM library_items WHERE account_id = \(account) AND paper_pk = (SELECT pk FROM papers WHERE id = \(paper.rawValue))
                AND (\(collection)::text IS NULL OR collection = \(collection)) RETURNING 1
                """, logger)
        }
    }

    public func renameCollection(_ name: String, to newName: String, account: Int64) async throws -> Int {
        guard name != newName else { return 0 }
        let logger = self.logger
        return try await transaction { connection in
            // Papers already in the target stay there once (with the earlier date).
            try await connection.run("""
                INSERT INTO library_items (account_id, collection, paper_pk, saved)
                SELECT account_id, \(newName), paper_pk, saved FROM library_items WHERE account_id = \(account) AND collection = \(name)
                ON CONFLICT (account_id, collection, paper_pk) DO UPDATE SET saved = least(library_items.saved, excluded.saved)
                """, logger)
            return try await connection.count("""
                DELETE FROM library_items WHERE account_id = \(account) AND collection = \(name) RETURNING 1
                """, logger)
        }
    }

    public func collections(account: Int64) async throws -> [(name: String, count: Int)] {
        let logger = self.logger
        let rows: [(String, Int)] = try await read { connection in
            try await connection.all("""
                SELECT collection, count(*) FROM library_items WHERE account_id = \(account) GROUP BY collection ORDER BY collection
                """, logger).map { (try $0.value(0), try $0.value(1)) }
        }
        return rows.map { (name: $0.0, count: $0.1) }
    }

    public func library(account: Int64, collection: String?) async throws -> [SavedPaper] {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("""
                SELECT papers.id, array_agg(items.collection ORDER BY items.collection), min(items.saved)
                FROM library_items AS items JOIN papers ON papers.pk = items.paper_pk
                WHERE items.account_id = \(account)
                  AND (\(collection)::text IS NULL OR items.paper_pk IN (
                      SELECT paper_pk FROM library_items WHERE account_id = \(account) AND collection = \(collection)))
                GROUP BY items.paper_pk, papers.id
                ORDER BY min(items.saved) DESC, papers.id
                """, logger).compactMap { row in
                guard let id = PaperID.parse(try row.value(0, as: String.self))?.id else { return nil }
                return SavedPaper(paper: id, collections: try row.value(1, as: [String].self).sorted(),
                                  saved: Date(timeIntervalSince1970: try row.value(2)))
            }
        }
    }

    public func rate(_ paper: PaperID, _ rating: Rating?, account: Int64, at date: Date) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            guard let pk = try await connection.all("SELECT pk FROM papers WHERE id = \(paper.rawValue)", logger)
                .first?.value(0, as: Int64.self) else { return false }
            if let rating {
                try await connection.run("""
                    INSERT INTO ratings (account_id, paper_pk, rating, rated) VALUES (\(account), \(pk), \(Int16(rating.rawValue)), \(date.timeIntervalSince1970))
                    ON CONFLICT (account_id, paper_pk) DO UPDATE SET rating = excluded.rating, rated = excluded.rated
                    """, logger)
            } else {
                try await connection.run("DELETE FROM ratings WHERE account_id = \(account) AND paper_pk = \(pk)", logger)
            }
            return true
        }
    }

    public func ratings(account: Int64) async throws -> [PaperID: Rating] {
        let logger = self.logger
        return try await read { connection in
            var ratings: [PaperID: Rating] = [:]
            for row in try await connection.all("""
                SELECT papers.id, ratings.rating FROM ratings JOIN papers ON papers.pk = ratings.paper_pk WHERE ratings.account_id = \(account)
                """, logger) {
                if let id = PaperID.parse(try row.value(0, as: String.self))?.id,
                   let rating = Rating(rawValue: Int(try row.value(1, as: Int16.self))) { ratings[id] = rating }
            }
            return ratings
        }
    }

    // MARK: Sessions

    public func createSession(tokenHash: String, account: Int64, expires: Date) async throws {
        let logger = self.logger
        try await read { connection in
            try await connection.run("""
                INSERT INTO sessions (token_hash, account_id, expires) VALUES (\(tokenHash), \(account), \(expires.timeIntervalSince1970))
                """, logger)
        }
    }

    public func sessionAccount(tokenHash: String, at now: Date) async throws -> Account? {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("""
                SELECT accounts.id, accounts.email, accounts.created FROM sessions JOIN accounts ON accounts.id = sessions.account_id
                WHERE sessions.token_hash = \(tokenHash) AND sessions.expires > \(now.timeIntervalSince1970)
                """, logger).first.map(Self.account)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        let logger = self.logger
        try await read { connection in try await connection.run("DELETE FROM sessions WHERE token_hash = \(tokenHash)", logger) }
    }

    public func deleteExpiredSessions(before now: Date) async throws -> Int {
        let logger = self.logger
        let cutoff = now.timeIntervalSince1970
        return try await transaction { connection in
            try await connection.count("DELETE FROM sessions WHERE expires <= \(cutoff) RETURNING 1", logger)
                + connection.count("DELETE FROM spent_login_nonces WHERE expires <= \(cutoff) RETURNING 1", logger)
        }
    }

    /// True the first time a nonce is spent, on whichever server.
    public func spendLoginNonce(_ nonce: String, expires: Date) async throws -> Bool {
        let logger = self.logger
        return try await read { connection in
            try await connection.count("""
                INSERT INTO spent_login_nonces (nonce, expires) VALUES (\(nonce), \(expires.timeIntervalSince1970))
                ON CONFLICT (nonce) DO NOTHING RETURNING 1
                """, logger) > 0
        }
    }
}
