import Foundation
import PaperboyCore

extension InMemoryPaperStore {
    /// The papers that appeared in the window, most voted first, then the newer, then the
    /// higher id (see `TrendingRequest`). Without a date the window ends on the latest day
    /// with papers up to today, today being the UTC day of the store's clock, as in SQLite.
    public func trending(_ request: TrendingRequest) -> TrendingPage {
        let today = Day(now())
        guard let anchor = request.date ?? papers.values.compactMap(\.appeared).filter({ $0 <= today }).max() else {
            return TrendingPage(days: nil, total: 0, hits: [])
        }
        let days = request.days(endingOn: anchor)
        let ranked = papers.values.compactMap { paper -> (paper: Paper, votes: Int, day: Day)? in
            guard let day = paper.appeared, days.contains(day) else { return nil }
            return (paper, paper.totalUpvotes ?? 0, day)
        }.sorted { ($0.votes, $0.day, $0.paper.id) > ($1.votes, $1.day, $1.paper.id) }
        let hits = page(ranked, max(0, request.offset), max(0, request.limit)).map { SearchHit(paper: $0.paper, score: Double($0.votes)) }
        return TrendingPage(days: days, total: ranked.count, hits: hits)
    }
}
