import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore {
    public func storeIdentity() async throws -> String {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'store-identity'") ?? ""
        }
    }

    public func latestPaperChange() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM paper_changes") ?? 0 }
    }

    public func paperChanges(after sequence: Int64, limit: Int) async throws -> [PaperChange] {
        try await pool.read { db in
            let rows = try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT paper_changes.sequence, paper_changes.paper_id, \(SQLitePaperStore.qualifiedColumns)
                FROM paper_changes LEFT JOIN papers ON papers.id = paper_changes.paper_id
                WHERE paper_changes.sequence > ? ORDER BY paper_changes.sequence LIMIT ?
                """), arguments: [sequence, max(0, limit)])
            return try rows.compactMap { row in
                // Ids are stored parsed: one that no longer parses is no paper to index.
                guard let id = PaperID.parse(row[1] as String)?.id else { return nil }
                let stored = (row["pk"] as Int64?) != nil
                return PaperChange(sequence: row[0], id: id, paper: stored ? try PaperRecord.paper(row) : nil)
            }
        }
    }
}
