import Foundation
import PaperboyCore
@testable import PaperboySearch
import Testing

@Suite struct HybridRankingTests {
    /// The sense comes from the candidates readers voted for most, then the best fused; with
    /// popularity switched off (no facts given), from the best fused alone.
    @Test func senseAnchorsAreTheMostVotedThenTheBestFused() {
        let head = (1...6).map { PaperID.parse(String(format: "2401.%05d", $0))!.id }
        let facts = Dictionary(uniqueKeysWithValues: head.enumerated().map { number, id in
            (id, PaperFacts(id: id, categories: [], appeared: nil, votes: [0, 0, 5, 0, 9, 0][number]))
        })
        #expect(PaperSearcher.senseAnchors(head, facts, count: 3) == [head[4], head[2], head[0]])
        #expect(PaperSearcher.senseAnchors(head, [:], count: 3) == Array(head.prefix(3)))
    }

    /// Candidates re-ranked first, then the rest of the fusion in its order, scored below them;
    /// with nothing to re-rank, the fusion as it is.
    @Test func theRankingIsTheReorderedHeadThenTheFusionsTail() {
        let ids = (1...5).map { PaperID.parse(String(format: "2401.%05d", $0))!.id }
        let fused = ids.enumerated().map { (id: $1, score: 1 / Double($0 + 11)) }
        var row = Array(repeating: 0.0, count: RankingFeature.allCases.count)
        row[RankingFeature.proximity.index] = 1
        let zero = Array(repeating: 0.0, count: RankingFeature.allCases.count)
        let candidates = PaperSearcher.Candidates(fused: fused, head: Array(ids.prefix(3)), features: [zero, zero, row], papers: [:])
        let ranking = PaperSearcher.ranking(candidates, by: LinearRanker(weights: [.proximity: 1]))
        #expect(ranking.map(\.id) == [ids[2], ids[0], ids[1], ids[3], ids[4]])
        #expect(zip(ranking, ranking.dropFirst()).allSatisfy { $0.score >= $1.score }, "scores never rise down the list")
        let none = PaperSearcher.Candidates(fused: fused, head: [], features: [], papers: [:])
        #expect(PaperSearcher.ranking(none, by: .learned).map(\.id) == ids)
    }
}
