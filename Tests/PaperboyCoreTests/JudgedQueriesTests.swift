import Foundation
import PaperboyCore
import PaperboyTestSupport
import Testing

/// The judged query set and its figures.
@Suite struct JudgedQueriesTests {
    @Test func scoresRankingsAgainstGradesWithUnjudgedPapersAsNotRelevant() {
        let judged = JudgedQueries(queries: [
            .init(query: "video generation", grades: ["a": 2, "b": 1, "c": 0]),
            .init(query: "diffusion", grades: ["d": 2]),
        ])
        // Query 1: the ideal order (a, b), then a paper graded 0 and one nobody judged.
        // Query 2: its one relevant paper second, after an unjudged one.
        let (ndcg, precision, judgedShare) = judged.score([["a", "b", "c", "x"], ["y", "d"]])
        let second = 1 / log2(3.0) // gain 3 at rank 2, over the ideal gain 3 at rank 1
        #expect(abs(ndcg - (1 + second) / 2) < 1e-12)
        #expect(abs(precision - (2.0 / 10 + 1.0 / 10) / 2) < 1e-12)
        #expect(abs(judgedShare - (3.0 / 4 + 1.0 / 2) / 2) < 1e-12)
    }

    /// The set kept in the fixtures: 60 queries or more, every one with judged papers, grades 0-2.
    @Test func theKeptSetIsWholeAndValid() throws {
        let judged = try JudgedQueries(contentsOf: TestFixtures.core("judged-queries.json"))
        #expect(judged.queries.count >= 60)
        #expect(Set(judged.queries.map(\.query)).count == judged.queries.count)
        #expect(judged.queries.allSatisfy { $0.grades.count >= 10 })
        let grades = judged.queries.flatMap(\.grades.values)
        #expect(Set(grades).isSubset(of: [0, 1, 2]) && Set(grades).count == 3)
        // The ambiguous queries the ranking issue names are in it.
        #expect(judged.queries.contains { $0.query == "video generation" } && judged.queries.contains { $0.query == "diffusion" })
    }

    @Test func refusesFilesThatAreNotJudgedSets() throws {
        let dir = try TemporaryDirectory()
        for (name, text) in [("empty", #"{"queries": []}"#), ("grade", #"{"queries": [{"query": "x", "grades": {"a": 3}}]}"#),
                             ("blank", #"{"queries": [{"query": "  ", "grades": {}}]}"#), ("text", "not json")] {
            let path = dir.path(name + ".json")
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: JudgedQueries.Invalid.self) { try JudgedQueries(contentsOf: path) }
        }
    }
}
