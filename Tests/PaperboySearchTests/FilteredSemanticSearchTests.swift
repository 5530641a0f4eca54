import Foundation
import PaperboyCore
import PaperboyEmbed
import PaperboyMemoryStore
@testable import PaperboySearch
import PaperboyTestSupport
import Testing

/// Semantic search with filters returns full pages however narrow the filter: the keyword
/// index lists the papers a filter admits, and the nearest among them are found exactly
/// (few) or by a walk of the graph that passes over the rest (many).
@Suite struct FilteredSemanticSearchTests {
    static func unit(_ values: [Float]) -> [Float] {
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { $0 / norm }
    }

    @Test func narrowAndBroadFiltersGetFullPagesOfAdmittedPapers() async throws {
        var random = SeededRandom(seed: 33)
        let store = InMemoryPaperStore()
        var papers: [Paper] = [], vectors: [(id: PaperID, vector: [Float])] = []
        for i in 0..<2_000 {
            let id = PaperID.parse(String(format: "2403.%05d", i + 1))!.id
            let category = i % 50 == 0 ? "q-bio.NC" : (i % 2 == 0 ? "cs.CV" : "cs.LG")
            let author = i % 100 == 7 ? "Ada Narrow" : "Someone Else"
            papers.append(Paper(id: id, title: "Paper \(i)", authors: [author], categories: [category],
                                published: Day(year: 2024, month: 1 + i % 12, day: 1 + i % 28)))
            vectors.append((id, Self.unit((0..<384).map { _ in Float.random(in: -1...1, using: &random) })))
        }
        _ = try await store.upsert(papers)
        await store.saveEmbeddings(vectors, model: SentenceEmbedder.modelName)
        let keyword = KeywordSearchService(store: store, snapshotPath: nil)
        try await keyword.open()
        let searcher = PaperSearcher(store: store, semantic: SemanticIndex(store: store, modelDirectory: nil), keywordIndex: keyword)
        let index = try await searcher.semantic.snapshot()
        let byID = Dictionary(uniqueKeysWithValues: papers.map { ($0.id, $0) })
        let exactVectors = Dictionary(uniqueKeysWithValues: vectors.map { ($0.id, $0.vector) })
        let query = Self.unit((0..<384).map { _ in Float.random(in: -1...1, using: &random) })

        for (text, since, admittedCount) in [("cat:q-bio.NC", nil, 40), ("cat:cs.CV", nil, 960), ("au:Narrow", nil, 20),
                                              ("cat:cs.LG -cat:cs.CV", Day(year: 2024, month: 11, day: 1), 0)] as [(String, Day?, Int)] {
            let request = SearchRequest(query: SearchQuery.parse(text), since: since, limit: 20)
            let (found, total) = try await searcher.nearest(index, query, request, count: 20)
            let admitted = papers.filter(request.admits)
            if admittedCount > 0 { #expect(admitted.count == admittedCount, "\(text)") }
            #expect(total == admitted.count, "\(text)")
            #expect(found.count == min(20, admitted.count), "\(text): a full page")
            #expect(found.allSatisfy { request.admits(byID[$0.id]!) }, "\(text): only admitted papers")
            // Nearly the exact top 20 among the admitted papers (scores come from int8 codes).
            let exact = admitted.map { ($0.id, zip(exactVectors[$0.id]!, query).reduce(Float(0)) { $0 + $1.0 * $1.1 }) }
                .sorted { $0.1 > $1.1 }.prefix(20).map(\.0)
            let overlap = Set(found.map(\.id)).intersection(exact).count
            #expect(overlap >= min(18, exact.count), "\(text): \(overlap) of the exact top \(exact.count)")
        }
    }
}
