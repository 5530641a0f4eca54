import Foundation
import PaperboyCore
import Testing

@Suite struct EmbeddingStoreTests {
    @Test(arguments: StoreKind.allCases)
    func embeddingsAreStoredPerModelAndDroppedWhenWordsChange(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let papers = (1...5).map { paper("2401.0000\($0)", "Paper \($0)", abstract: "About topic \($0).", published: "2024-01-0\($0)") }
            _ = try await store.upsert(papers)
            #expect(try await store.embeddingCoverage(model: "m") == (0, 5))
            let first = try await store.papersNeedingEmbedding(model: "m", limit: 2)
            #expect(first.map(\.id.rawValue) == ["2401.00005", "2401.00004"], "newest first")
            try await store.saveEmbeddings(first.map { ($0.id, [Float](repeating: 0.5, count: 384)) }, model: "m")
            #expect(try await store.embeddingCoverage(model: "m") == (2, 5))
            #expect(try await store.papersNeedingEmbedding(model: "m", limit: 10).count == 3)
            #expect(try await store.papersNeedingEmbedding(model: "other", limit: 10).count == 5)
            // New votes keep the embedding; a new abstract drops it.
            var voted = papers[4]
            voted.upvotes = 9
            _ = try await store.upsert([voted])
            #expect(try await store.embeddingCoverage(model: "m").embedded == 2)
            var revised = papers[4]
            revised.abstract = "A different subject entirely."
            revised.version = 2
            _ = try await store.upsert([revised])
            #expect(try await store.embeddingCoverage(model: "m").embedded == 1)
            // An embedding for a paper that is not there is skipped, not an error.
            try await store.saveEmbeddings([(PaperID.parse("2412.99999")!.id, [0, 1])], model: "m")
            #expect(try await store.embeddingCoverage(model: "m").embedded == 1)
        }
    }
}
