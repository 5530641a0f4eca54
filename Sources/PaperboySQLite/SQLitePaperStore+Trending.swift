import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore {
    /// The appearance day as the `papers_appeared` index stores it (see `Paper.appeared`).
    static let appeared = "coalesce(listed, published)"

    public func trending(_ request: TrendingRequest) async throws -> TrendingPage {
        let today = Day(now())
        return try await pool.read { db in
            let anchor: Day?
            if let date = request.date {
                anchor = date
            } else {
                // The latest day with papers, so an instance fed by a stale corpus or
                // before today's announcement still shows its newest day.
                anchor = try String.fetchOne(db, sql: """
                    SELECT max(\(SQLitePaperStore.appeared)) FROM papers WHERE \(SQLitePaperStore.appeared) <= ?
                    """, arguments: [today.description]).flatMap { Day($0) }
            }
            guard let anchor else { return TrendingPage(days: nil, total: 0, hits: []) }
            let days = request.days(endingOn: anchor)
            let range: StatementArguments = [days.lowerBound.description, days.upperBound.description]
            let total = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM papers WHERE \(SQLitePaperStore.appeared) BETWEEN ? AND ?
                """, arguments: range) ?? 0
            // Ranked on the covering index alone; only the page is joined to the rows.
            let rows = try Row.fetchAll(db, sql: """
                WITH top AS (
                    SELECT pk, id, coalesce(upvotes, 0) + votes AS score, \(SQLitePaperStore.appeared) AS day FROM papers
                    WHERE \(SQLitePaperStore.appeared) BETWEEN ? AND ?
                    ORDER BY score DESC, day DESC, id DESC LIMIT ? OFFSET ?
                )
                SELECT top.score, \(SQLitePaperStore.qualifiedColumns) FROM top JOIN papers ON papers.pk = top.pk
                ORDER BY top.score DESC, top.day DESC, top.id DESC
                """, arguments: range + [max(0, request.limit), max(0, request.offset)])
            let hits = try rows.map { SearchHit(paper: try PaperRecord.paper($0), score: Double($0[0] as Int)) }
            return TrendingPage(days: days, total: total, hits: hits)
        }
    }
}
