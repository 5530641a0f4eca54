import Foundation
import PaperboyCore
import PostgresNIO

extension PostgresPaperStore {
    /// A vote counts once per paper and voter, whichever server took it; a network's counted
    /// votes for a paper on one day are limited. The paper's row is locked while deciding,
    /// so two servers never both count the network's last allowed vote.
    public func vote(for id: PaperID, voter: String, network: String, at date: Date, networkLimit: Int) async throws -> VoteOutcome? {
        let logger = self.logger
        let castAt = date.timeIntervalSince1970
        let day = Day(date).description
        return try await transaction { connection in
            guard let pk = try await connection.all("SELECT pk FROM papers WHERE id = \(id.rawValue) FOR UPDATE", logger)
                .first?.value(0, as: Int64.self) else { return nil }
            let countedToday = try await connection.all("""
                SELECT count(*) FROM votes WHERE paper_pk = \(pk) AND network = \(network) AND counted AND cast_day = \(day)
                """, logger)[0].value(0, as: Int.self)
            let counts = countedToday < networkLimit
            let inserted = try await connection.count("""
                INSERT INTO votes (paper_pk, voter, cast_at, cast_day, network, counted)
                VALUES (\(pk), \(voter), \(castAt), \(day), \(network), \(counts))
                ON CONFLICT (paper_pk, voter) DO NOTHING RETURNING 1
                """, logger) > 0
            if inserted && counts {
                try await connection.run("UPDATE papers SET votes = votes + 1 WHERE pk = \(pk)", logger)
            }
            let total = try await connection.all("SELECT coalesce(upvotes, 0) + votes FROM papers WHERE pk = \(pk)", logger)[0]
                .value(0, as: Int.self)
            if !inserted { return .alreadyVoted(total: total) }
            return counts ? .counted(total: total) : .limited(total: total)
        }
    }

    public func votedPapers(by voter: String, among ids: [PaperID]) async throws -> Set<PaperID> {
        guard !ids.isEmpty else { return [] }
        let logger = self.logger
        return try await read { connection in
            Set(try await connection.all("""
                SELECT papers.id FROM votes JOIN papers ON papers.pk = votes.paper_pk
                WHERE votes.voter = \(voter) AND papers.id = ANY(\(ids.map(\.rawValue)))
                """, logger).compactMap { PaperID.parse(try $0.value(0, as: String.self))?.id })
        }
    }

    public func setting(_ key: String, orInsert make: @Sendable () -> String) async throws -> String {
        let logger = self.logger
        let value = make()
        return try await read { connection in
            try await connection.run("INSERT INTO settings (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO NOTHING", logger)
            return try await connection.all("SELECT value FROM settings WHERE key = \(key)", logger)[0].value(0, as: String.self)
        }
    }
}
