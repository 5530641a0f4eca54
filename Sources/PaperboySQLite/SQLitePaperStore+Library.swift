import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore: AccountStore, LibraryStore {
    public func account(email: EmailAddress, creatingAt date: Date) async throws -> Account {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO accounts (email, created) VALUES (?, ?) ON CONFLICT (email) DO NOTHING",
                           arguments: [email.value, ISO8601DateFormatter().string(from: date)])
            let row = try Row.fetchOne(db, sql: "SELECT id, email, created FROM accounts WHERE email = ?", arguments: [email.value])!
            return try Self.account(row)
        }
    }

    public func account(id: Int64) async throws -> Account? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, email, created FROM accounts WHERE id = ?", arguments: [id]).map(Self.account)
        }
    }

    public func account(email: EmailAddress) async throws -> Account? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, email, created FROM accounts WHERE email = ?", arguments: [email.value]).map(Self.account)
        }
    }

    public func accountCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM accounts") ?? 0 }
    }

    public func deleteAccount(id: Int64) async throws -> Bool {
        try await pool.write { db in
            guard let email = try String.fetchOne(db, sql: "SELECT email FROM accounts WHERE id = ?", arguments: [id]) else { return false }
            // The subscription of the address (with its mail and digest record, by cascade)
            // and the sign-in mail to it are the reader's too.
            try db.execute(sql: "DELETE FROM subscriptions WHERE email = ? COLLATE NOCASE", arguments: [email])
            try db.execute(sql: "DELETE FROM outbox WHERE subscription_id IS NULL AND recipient = ? COLLATE NOCASE", arguments: [email])
            try db.execute(sql: "DELETE FROM accounts WHERE id = ?", arguments: [id])
            return true
        }
    }

    static func account(_ row: Row) throws -> Account {
        guard let email = EmailAddress(row[1] as String), let created = ISO8601DateFormatter().date(from: row[2]) else {
            throw DatabaseError(message: "unreadable account row \(row[0] as Int64)")
        }
        return Account(id: row[0], email: email, created: created)
    }

    public func save(_ paper: PaperID, in collection: String, account: Int64, at date: Date) async throws -> Bool? {
        try await pool.write { db in
            guard let pk = try Int64.fetchOne(db, sql: "SELECT pk FROM papers WHERE id = ?", arguments: [paper.rawValue]) else { return nil }
            // A paper saved before keeps its first date in a new collection too.
            let first = try String.fetchOne(db, sql: "SELECT min(saved) FROM library_items WHERE account_id = ? AND paper_pk = ?",
                                            arguments: [account, pk])
            // ON CONFLICT, not OR IGNORE, which would also ignore the CHECK on the name.
            try db.execute(sql: """
                INSERT INTO library_items (account_id, collection, paper_pk, saved) VALUES (?, ?, ?, ?)
                ON CONFLICT (account_id, collection, paper_pk) DO NOTHING
                """,
                           arguments: [account, collection, pk, first ?? ISO8601DateFormatter().string(from: date)])
            return db.changesCount > 0
        }
    }

    public func remove(_ paper: PaperID, from collection: String?, account: Int64) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: """
                DELETE FROM library_items WHERE account_id = ? AND paper_pk = (SELECT pk FROM papers WHERE id = ?)
                AND (? IS NULL OR collection = ?)
                """, arguments: [account, paper.rawValue, collection, collection])
            return db.changesCount
        }
    }

    public func renameCollection(_ name: String, to newName: String, account: Int64) async throws -> Int {
        guard name != newName else { return 0 }
        return try await pool.write { db in
            // Papers already in the target stay there once (with the earlier date).
            try db.execute(sql: """
                INSERT INTO library_items (account_id, collection, paper_pk, saved)
                SELECT account_id, ?, paper_pk, saved FROM library_items WHERE account_id = ? AND collection = ?
                ON CONFLICT (account_id, collection, paper_pk) DO UPDATE SET saved = min(saved, excluded.saved)
                """, arguments: [newName, account, name])
            try db.execute(sql: "DELETE FROM library_items WHERE account_id = ? AND collection = ?", arguments: [account, name])
            return db.changesCount
        }
    }

    public func collections(account: Int64) async throws -> [(name: String, count: Int)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT collection, count(*) FROM library_items WHERE account_id = ? GROUP BY collection ORDER BY collection",
                             arguments: [account]).map { ($0[0], $0[1]) }
        }
    }

    public func library(account: Int64, collection: String?) async throws -> [SavedPaper] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT papers.id, group_concat(items.collection, char(31)), min(items.saved)
                FROM library_items AS items JOIN papers ON papers.pk = items.paper_pk
                WHERE items.account_id = ?
                  AND (? IS NULL OR items.paper_pk IN (SELECT paper_pk FROM library_items WHERE account_id = ? AND collection = ?))
                GROUP BY items.paper_pk
                ORDER BY min(items.saved) DESC, papers.id
                """, arguments: [account, collection, account, collection])
            return rows.compactMap { row in
                guard let id = PaperID.parse(row[0] as String)?.id, let saved = ISO8601DateFormatter().date(from: row[2]) else { return nil }
                let names = (row[1] as String).split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init).sorted()
                return SavedPaper(paper: id, collections: names, saved: saved)
            }
        }
    }

    public func rate(_ paper: PaperID, _ rating: Rating?, account: Int64, at date: Date) async throws -> Bool {
        try await pool.write { db in
            guard let pk = try Int64.fetchOne(db, sql: "SELECT pk FROM papers WHERE id = ?", arguments: [paper.rawValue]) else { return false }
            if let rating {
                try db.execute(sql: """
                    INSERT INTO ratings (account_id, paper_pk, rating, rated) VALUES (?, ?, ?, ?)
                    ON CONFLICT (account_id, paper_pk) DO UPDATE SET rating = excluded.rating, rated = excluded.rated
                    """, arguments: [account, pk, rating.rawValue, ISO8601DateFormatter().string(from: date)])
            } else {
                try db.execute(sql: "DELETE FROM ratings WHERE account_id = ? AND paper_pk = ?", arguments: [account, pk])
            }
            return true
        }
    }

    public func ratings(account: Int64) async throws -> [PaperID: Rating] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT papers.id, ratings.rating FROM ratings JOIN papers ON papers.pk = ratings.paper_pk WHERE ratings.account_id = ?",
                                        arguments: [account])
            var ratings: [PaperID: Rating] = [:]
            for row in rows {
                if let id = PaperID.parse(row[0] as String)?.id, let rating = Rating(rawValue: row[1]) { ratings[id] = rating }
            }
            return ratings
        }
    }
}
