import Foundation
import PaperboyCore
import PostgresNIO

extension PostgresPaperStore {
    public func trending(_ request: TrendingRequest) async throws -> TrendingPage {
        let today = Day(now())
        let logger = self.logger
        return try await read { connection in
            let anchor: Day?
            if let date = request.date {
                anchor = date
            } else {
                // The latest day with papers, so an instance fed by a stale corpus or
                // before today's announcement still shows its newest day.
                anchor = try await connection.all("""
                    SELECT max(coalesce(listed, published)) FROM papers WHERE coalesce(listed, published) <= \(today.description)
                    """, logger)[0].value(0, as: String?.self).flatMap { Day($0) }
            }
            guard let anchor else { return TrendingPage(days: nil, total: 0, hits: []) }
            let days = request.days(endingOn: anchor)
            let (first, last) = (days.lowerBound.description, days.upperBound.description)
            let total = try await connection.all("""
                SELECT count(*) FROM papers WHERE coalesce(listed, published) BETWEEN \(first) AND \(last)
                """, logger)[0].value(0, as: Int.self)
            let rows = try await connection.all("""
                SELECT coalesce(upvotes, 0) + votes AS score, \(unescaped: PaperColumns.selection) FROM papers
                WHERE coalesce(listed, published) BETWEEN \(first) AND \(last)
                ORDER BY score DESC, coalesce(listed, published) DESC, id DESC
                LIMIT \(max(0, request.limit)) OFFSET \(max(0, request.offset))
                """, logger)
            let hits = try rows.map { SearchHit(paper: try PaperColumns.paper($0, from: 1), score: Double(try $0.value(0, as: Int.self))) }
            return TrendingPage(days: days, total: total, hits: hits)
        }
    }
}
