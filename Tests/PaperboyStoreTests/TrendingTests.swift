import Foundation
import PaperboyCore
import Testing

/// Trending: the papers that appeared in a window, most voted first (see `TrendingRequest`).
@Suite struct TrendingTests {
    static func appearing(_ id: String, published: String? = nil, listed: String? = nil, upvotes: Int? = nil) -> Paper {
        Paper(id: PaperID.parse(id)!.id, title: "Paper \(id)", published: published.flatMap { Day($0) }, upvotes: upvotes,
              listed: listed.flatMap { Day($0) }, sources: ["test"])
    }

    static func ids(_ page: TrendingPage) -> [String] { page.hits.map(\.paper.id.rawValue) }

    /// Today is 2026-03-10 by the store's clock.
    static let clock = TestClock(TestClock.at("2026-03-10T15:00:00Z"))

    static let papers = [
        appearing("2603.00001", listed: "2026-03-10", upvotes: 5),
        appearing("2603.00002", published: "2026-03-10", upvotes: 5),
        appearing("2603.00003", published: "2026-03-09", upvotes: 9),
        // Listed counts over published: a backfilled old paper appears when listed.
        appearing("2603.00004", published: "2025-01-01", listed: "2026-03-08", upvotes: 1),
        appearing("2603.00005", listed: "2026-03-04", upvotes: 100),
        appearing("2603.00006", published: "2026-03-03", upvotes: 200),
        // After today: only a window that names its day shows it.
        appearing("2603.00007", published: "2026-03-12", upvotes: 50),
        // Never appeared: never trending.
        appearing("2603.00008", upvotes: 1_000),
    ]

    @Test(arguments: StoreKind.allCases)
    func windowsEndOnTheLatestDayUpToToday(kind: StoreKind) async throws {
        try await withStore(kind, now: Self.clock.now) { store async throws in
            _ = try await store.upsert(Self.papers)
            let day = try await store.trending(TrendingRequest(window: .day))
            #expect(day.days == Day("2026-03-10")!...Day("2026-03-10")!)
            #expect(day.total == 2)
            // Equal votes on the same day: the higher id first.
            #expect(Self.ids(day) == ["2603.00002", "2603.00001"])
            #expect(day.hits.map(\.score) == [5, 5])
            let week = try await store.trending(TrendingRequest(window: .week))
            #expect(week.days == Day("2026-03-04")!...Day("2026-03-10")!)
            #expect(Self.ids(week) == ["2603.00005", "2603.00003", "2603.00002", "2603.00001", "2603.00004"])
            #expect(week.total == 5)
            let named = try await store.trending(TrendingRequest(window: .day, date: Day("2026-03-12")))
            #expect(Self.ids(named) == ["2603.00007"])
            let month = try await store.trending(TrendingRequest(window: .month, limit: 2, offset: 1))
            #expect(month.total == 6)
            #expect(Self.ids(month) == ["2603.00005", "2603.00003"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func localVotesCountAndTiesGoToTheNewerPaper(kind: StoreKind) async throws {
        try await withStore(kind, now: Self.clock.now) { store async throws in
            _ = try await store.upsert(Self.papers)
            let week = TrendingRequest(window: .week)
            // 2603.00003 (9 votes, on the 9th) and 2603.00002 (5, on the 10th): four votes tie them.
            for voter in ["a", "b", "c", "d"] {
                _ = try await store.vote(for: PaperID.parse("2603.00002")!.id, voter: voter, network: voter,
                                         at: Self.clock.now(), networkLimit: 3)
            }
            let page = try await store.trending(week)
            #expect(Self.ids(page).prefix(3) == ["2603.00005", "2603.00002", "2603.00003"])
            #expect(page.hits[1].score == 9)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func tiesGoToTheHigherIdWhateverTheWritingOrder(kind: StoreKind) async throws {
        try await withStore(kind, now: Self.clock.now) { store async throws in
            // Written highest id first.
            _ = try await store.upsert([Self.papers[1], Self.papers[0]])
            let day = try await store.trending(TrendingRequest(window: .day))
            #expect(Self.ids(day) == ["2603.00002", "2603.00001"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func nothingToShowWithoutPapersBeforeToday(kind: StoreKind) async throws {
        try await withStore(kind, now: Self.clock.now) { store async throws in
            #expect(try await store.trending(TrendingRequest(window: .week)) == TrendingPage(days: nil, total: 0, hits: []))
            _ = try await store.upsert([Self.papers[6], Self.papers[7]])
            #expect(try await store.trending(TrendingRequest(window: .week)) == TrendingPage(days: nil, total: 0, hits: []))
            // A named day shows its window even when it is empty.
            let named = try await store.trending(TrendingRequest(window: .day, date: Day("2026-03-01")))
            #expect(named == TrendingPage(days: Day("2026-03-01")!...Day("2026-03-01")!, total: 0, hits: []))
        }
    }
}
