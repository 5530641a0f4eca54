import Foundation
import HummingbirdTesting
import PaperboyCore
import Testing

@Suite struct TrendingTests {
    @Test func aHuggingFaceDayIsListedInUpvoteOrder() async throws {
        let site = try await TestSite.make()
        let day = try hfDay20260821()
        try await site.test { client in
            try await client.execute(uri: "/api/trending?window=day&date=2026-08-21&limit=100", method: .get) { response in
                #expect(response.status == .ok)
                let json = response.object
                #expect(json["window"] as? String == "day")
                #expect(json["from"] as? String == "2026-08-21")
                #expect(json["to"] as? String == "2026-08-21")
                let results = try #require(json["results"] as? [[String: Any]])
                #expect(Set(results.compactMap { $0["id"] as? String }) == Set(day.map(\.id)))
                let votes = results.compactMap { $0["upvotes"] as? Int }
                #expect(votes == day.map(\.upvotes).sorted(by: >))
                #expect(json["total"] as? Int == day.count)
            }
        }
    }

    @Test func theHomePageShowsTheLatestDayInUpvoteOrder() async throws {
        let site = try await TestSite.make()
        let day = try hfDay20260821()
        let expected = day.sorted { $0.upvotes > $1.upvotes }.prefix(6)
        try await site.test { client in
            // No date: the latest day with papers (the fixtures end on 2026-08-21).
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("2026-08-21 · \(day.count) papers"))
                var position = html.startIndex
                for paper in expected where paper.upvotes != expected.last?.upvotes {
                    let found = try #require(html.range(of: "/papers/\(paper.id)\"", range: position..<html.endIndex),
                                             "paper \(paper.id) missing or out of order")
                    position = found.upperBound
                }
                #expect(html.contains("aria-current=\"page\">Today</a>"))
            }
        }
    }

    @Test func windowsCoverTheirDays() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            for (window, from) in [("week", "2026-08-15"), ("month", "2026-07-23")] {
                try await client.execute(uri: "/api/trending?window=\(window)&date=2026-08-21", method: .get) { response in
                    let json = response.object
                    #expect(json["from"] as? String == from)
                    let results = json["results"] as? [[String: Any]] ?? []
                    let votes = results.map { $0["upvotes"] as? Int ?? 0 }
                    #expect(votes == votes.sorted(by: >))
                    for result in results {
                        let appeared = (result["listed"] as? String) ?? (result["published"] as? String) ?? ""
                        #expect(appeared >= from && appeared <= "2026-08-21")
                    }
                }
            }
            // Looking back: the HF day of 2025-03-04 (listed on the entries' own dates).
            try await client.execute(uri: "/api/trending?window=day&date=2025-03-04", method: .get) { response in
                let ids = (response.object["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids.first == "2503.01774")
                #expect(!ids.contains("2503.01785")) // listed on 2025-03-03
            }
        }
    }

    @Test func badParametersAreNamed() async throws {
        let site = try await TestSite.make()
        try await site.test { client in
            for (uri, parameter) in [("/api/trending?window=year", "window"), ("/api/trending?limit=-5", "limit"),
                                     ("/api/trending?date=2026-13-01", "date"), ("/api/trending?offset=abc", "offset")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    let error = response.object["error"] as? [String: Any]
                    #expect(error?["parameter"] as? String == parameter, "\(uri)")
                    #expect(error?["status"] as? Int == 400)
                }
            }
            try await client.execute(uri: "/?window=year", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.text.contains("window: must be one of day, week, month"))
            }
        }
    }
}
