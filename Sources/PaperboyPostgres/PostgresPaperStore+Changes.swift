import Foundation
import PaperboyCore
import PostgresNIO

extension PostgresPaperStore {
    public func storeIdentity() async throws -> String {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("SELECT value FROM settings WHERE key = 'store-identity'", logger).first?.value(0, as: String.self) ?? ""
        }
    }

    public func latestPaperChange() async throws -> Int64 {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("SELECT coalesce(max(sequence), 0)::bigint FROM paper_changes", logger)[0].value(0, as: Int64.self)
        }
    }

    public func paperChanges(after sequence: Int64, limit: Int) async throws -> [PaperChange] {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("""
                SELECT paper_changes.sequence, paper_changes.paper_id, \(unescaped: PaperColumns.selection(qualifiedBy: "papers"))
                FROM paper_changes LEFT JOIN papers ON papers.id = paper_changes.paper_id
                WHERE paper_changes.sequence > \(sequence) ORDER BY paper_changes.sequence LIMIT \(max(0, limit))
                """, logger).compactMap { row in
                // Ids are stored parsed: one that no longer parses is no paper to index.
                guard let id = PaperID.parse(try row.value(1, as: String.self))?.id else { return nil }
                let stored = try row.value(2, as: Int64?.self) != nil
                return PaperChange(sequence: try row.value(0), id: id, paper: stored ? try PaperColumns.paper(row, from: 2) : nil)
            }
        }
    }
}
