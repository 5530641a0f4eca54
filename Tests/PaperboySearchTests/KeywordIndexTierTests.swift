import Foundation
import PaperboyCore
@testable import PaperboySearch
import PaperboyTestSupport
import Testing

/// The second tiers (`KeywordIndex.walkTiers`): a query of frequent words whose best papers
/// have both in the title is answered from the tiers, exactly as the exhaustive scorer answers
/// it, with tombstones, papers added after the tiers were made (some strong enough to join
/// them), date windows, exclusions, and after a snapshot's round trip.
@Suite struct KeywordIndexTierTests {
    @Test func queriesAnsweredFromTheTiersAreExact() async throws {
        var random = SeededRandom(seed: 31)
        // Every paper has both words in its abstract; one in twelve has each in its title, so
        // a tier (an eighth of a list) holds the title postings and the best abstract ones.
        // The lists' top lists are made at 4,096 papers and not again before 8,192.
        func paper(_ number: Int, strong: Bool = false) -> Paper {
            func maybe(_ word: String, _ share: Int) -> [String] { strong || Int.random(in: 0..<share, using: &random) == 0 ? [word] : [] }
            let title = maybe("alpha", 12) + maybe("beta", 12) + ["t\(number)"]
            let filler = (0..<Int.random(in: 5...40, using: &random)).map { _ in "w\(Int.random(in: 0..<400, using: &random))" }
            let abstract = Array(repeating: "alpha", count: Int.random(in: 1...3, using: &random))
                + Array(repeating: "beta", count: Int.random(in: 1...3, using: &random)) + maybe("gamma", 3) + filler
            return KeywordIndexTests.paper(String(format: "2403.%05d", number), title: title, abstract: abstract, random: &random)
        }
        var both = IndexAndReference()
        for number in 1...6_000 {
            both.add(paper(number))
            if number % 50 == 0 { await Task.yield() }
        }
        let alpha = try #require(both.index.termID(Array("alpha".utf8)))
        let made = try #require(both.index.postings[alpha].top)
        #expect(made.madeAt == 4_096 && made.tier.count >= 4_096 / PostingList.TopList.tierShare && made.restFactor > 0)
        // Tombstones among the tier's papers, and papers added since it was made: strong ones
        // join it (a tier keeps every posting above its rest factor).
        for document in made.tier.prefix(40) { both.add(paper(Int(document) + 1)) }
        for number in 6_001...6_400 { both.add(paper(number, strong: number % 25 == 0)) }
        let grown = try #require(both.index.postings[alpha].top)
        #expect(grown.madeAt == made.madeAt && grown.tier.count > made.tier.count)
        #expect(zip(grown.tier, grown.tier.dropFirst()).allSatisfy { $0 < $1 })

        let trace = KeywordSearchTrace()
        func check(_ index: KeywordIndex, _ label: String) async throws {
            for text in ["alpha OR beta", "alpha beta", "alpha OR beta -gamma", "alpha OR beta OR t17"] {
                var query = SearchQuery.parse(text)
                if !text.contains("OR") { query = query.anyWords }
                let textQuery = try #require(TextQuery(query))
                for limit in [1, 10, 30] {
                    await Task.yield()
                    for (since, until) in [(nil, nil), (Day("2024-03-01"), Day("2024-08-31"))] as [(Day?, Day?)] {
                        let want = KeywordIndexTests.expected(both.reference, both.papers, textQuery, since: since, until: until, limit: limit)
                        #expect(index.search(textQuery, since: since, until: until, limit: limit, trace: trace) == want,
                                "\(label): \(text) limit \(limit)")
                        #expect(index.search(textQuery, since: since, until: until, limit: limit, tiers: false) == want,
                                "\(label): \(text) limit \(limit), no tiers")
                    }
                }
            }
        }
        try await check(both.index, "built")
        // Seeded random queries over the same words: fields, exclusions, OR, all words, filler
        // words (rare, so without tiers), dates, limits.
        var queries = SeededRandom(seed: 32)
        for round in 0..<48 {
            await Task.yield()
            var words = ["alpha", "beta"].shuffled(using: &queries)
            if round % 3 == 0 { words.append("w\(Int.random(in: 0..<400, using: &queries))") }
            if round % 4 == 1 { words.append("gamma") }
            var text = words.joined(separator: [" ", " OR "][round % 2])
            if round % 6 == 2 { text = "ti:" + text }
            if round % 5 == 3 { text += " -w\(Int.random(in: 0..<400, using: &queries))" }
            let textQuery = try #require(TextQuery(SearchQuery.parse(text)))
            let since: Day? = round % 7 == 0 ? Day("2024-05-01") : nil
            let limit = [1, 10, 20, 50][round % 4]
            let want = KeywordIndexTests.expected(both.reference, both.papers, textQuery, since: since, until: nil, limit: limit)
            #expect(both.index.search(textQuery, since: since, limit: limit, trace: trace) == want, "round \(round): \(text) limit \(limit)")
        }
        #expect(trace.tierWalks >= 16, "\(trace.tierWalks) of 72 searches walked the tiers")
        // A tier is a small part of what the lists would walk: most of its papers are cut by
        // their bounds alone.
        #expect(trace.tierCandidates < trace.tierWalks * 600, "\(trace.tierCandidates) papers scored in \(trace.tierWalks) walks")

        var writer = SnapshotWriter()
        both.index.write(to: &writer)
        let bytes = writer.bytes
        let read = try bytes.withUnsafeBytes { buffer in
            var reader = SnapshotReader(buffer)
            return try KeywordIndex(reading: &reader)
        }
        // (Written at today's average length, the tier is made anew from the postings.)
        #expect(read.postings[alpha].top.map { $0.tier.count >= 6_440 / PostingList.TopList.tierShare } == true)
        let before = trace.tierWalks
        try await check(read, "read")
        #expect(trace.tierWalks > before)
    }
}
