import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore {
    public func vote(for id: PaperID, voter: String, network: String, at date: Date, networkLimit: Int) async throws -> VoteOutcome? {
        try await pool.write { db in
            guard let pk = try Int64.fetchOne(db, sql: "SELECT pk FROM papers WHERE id = ?", arguments: [id.rawValue]) else {
                return nil
            }
            let castAt = ISO8601DateFormatter().string(from: date)
            let countedToday = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM votes WHERE paper_pk = ? AND network = ? AND counted = 1 AND substr(cast_at, 1, 10) = ?
                """, arguments: [pk, network, String(castAt.prefix(10))]) ?? 0
            let counts = countedToday < networkLimit
            try db.execute(sql: "INSERT OR IGNORE INTO votes (paper_pk, voter, cast_at, network, counted) VALUES (?, ?, ?, ?, ?)",
                           arguments: [pk, voter, castAt, network, counts ? 1 : 0])
            let inserted = db.changesCount > 0
            if inserted && counts {
                try db.execute(sql: "UPDATE papers SET votes = votes + 1 WHERE pk = ?", arguments: [pk])
            }
            let total = try Int.fetchOne(db, sql: "SELECT coalesce(upvotes, 0) + votes FROM papers WHERE pk = ?", arguments: [pk]) ?? 0
            if !inserted { return .alreadyVoted(total: total) }
            return counts ? .counted(total: total) : .limited(total: total)
        }
    }

    public func votedPapers(by voter: String, among ids: [PaperID]) async throws -> Set<PaperID> {
        guard !ids.isEmpty else { return [] }
        return try await pool.read { db in
            let rows = try db.rows(in: ids.map(\.rawValue), leading: [voter]) { placeholders in """
                SELECT papers.id FROM votes JOIN papers ON papers.pk = votes.paper_pk
                WHERE votes.voter = ? AND papers.id IN (\(placeholders))
                """ }
            return Set(rows.compactMap { PaperID.parse($0[0] as String)?.id })
        }
    }

    public func setting(_ key: String, orInsert make: @Sendable () -> String) async throws -> String {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", arguments: [key, make()])
            return try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])!
        }
    }
}
