import Foundation
import PaperboyCore
import PaperboyEmbed
import PaperboyMemoryStore
import PaperboyTestSupport
import Testing

/// The papers' HNSW index: near-exact answers, node numbers kept across saves, generations
/// that two savers cannot mix, and catch-up with the store's embeddings.
@Suite struct PaperVectorIndexTests {
    /// Unit vectors around 40 seeded centres (as embeddings cluster by topic).
    static func entries(_ count: Int, seed: UInt64 = 21) -> [(id: PaperID, vector: [Float])] {
        var random = SeededRandom(seed: seed)
        let centres = (0..<40).map { _ in VectorIndexTests.unit((0..<384).map { _ in Float.random(in: -1...1, using: &random) }) }
        return (0..<count).map { i in
            let centre = centres[Int.random(in: 0..<centres.count, using: &random)]
            let vector = VectorIndexTests.unit(centre.map { $0 + Float.random(in: -0.08...0.08, using: &random) })
            return (PaperID.parse(String(format: "2402.%05d", i + 1))!.id, vector)
        }
    }

    /// A recommendation corpus reading its embeddings from the index (`VectorIndexEmbeddings`)
    /// gets the codes it would have kept itself (`DenseRows`, the same rounding but for a rare
    /// tie: at most one step), zeros for a paper without a vector, and so the same
    /// recommendations and reasons.
    @Test func aCorpusReadsTheIndexCodesAsItsOwn() {
        let entries = Self.entries(600, seed: 4)
        let index = PaperVectorIndex()
        index.upsert(Array(entries.dropLast(20)))
        let ids = entries.map(\.id)
        var own = DenseRows(width: 384, count: ids.count)
        for (row, entry) in entries.dropLast(20).enumerated() { own.set(row, entry.vector) }
        let shared = VectorIndexEmbeddings(index: index, ids: ids)
        let rows = [0, 5, 599, 590, 17, 300]
        let gathered = shared.gathering(rows)
        #expect(gathered.count == ids.count)
        for row in rows + [1, 2] {
            let mine = own.row(row), theirs = gathered.row(row)
            if rows.contains(row) {
                let step = row < 580 ? own.scales[row] : 0
                #expect(zip(mine, theirs).allSatisfy { abs($0 - $1) <= step * 1.0001 }, "row \(row)")
                #expect(row >= 580 || theirs.contains { $0 != 0 })
            } else {
                #expect(theirs.allSatisfy { $0 == 0 }, "row \(row) was not asked for")
            }
        }
        // The same corpus either way: words from made-up texts by topic, the embeddings above.
        let topics = ["graph neural networks molecules", "diffusion models images", "language models reasoning", "robot grasping policies"]
        let texts = ids.indices.map { "\(topics[$0 % 4]) study \($0 % 7) of \(topics[($0 / 4) % 4])" }
        let days: [Day?] = ids.indices.map { Day("2024-03-01")!.adding(days: $0 % 30) }
        let kept = RecommendationCorpus(ids: ids, appeared: days, texts: texts, embeddings: own, embedded: 580)
        let read = RecommendationCorpus(ids: ids, appeared: days, texts: texts, embeddings: shared, embedded: 580)
        let library = [ids[0], ids[4], ids[8], ids[12]]
        let a = kept.train(positives: library, negatives: [ids[1]])!, b = read.train(positives: library, negatives: [ids[1]])!
        let window = Day("2024-03-20")!...Day("2024-03-30")!
        let candidates = kept.candidates(in: window, excluding: Set(library))
        let first = kept.recommend(a, candidates: candidates, library: library, limit: 10)
        let second = read.recommend(b, candidates: candidates, library: library, limit: 10)
        #expect(first.map(\.paper) == second.map(\.paper))
        #expect(first.map(\.like) == second.map(\.like) && first.map(\.words) == second.map(\.words))
        #expect(zip(first, second).allSatisfy { abs($0.score - $1.score) < 1e-3 })
        #expect(first.contains { $0.like != nil }, "reasons by meaning were compared")
    }

    @Test func nearestAgreesWithExactSearchAndReplacesVectors() async {
        let all = Self.entries(1_500)
        let index = PaperVectorIndex()
        // In parts, yielding: a test body must not hold a cooperative thread for long.
        for start in stride(from: 0, to: all.count, by: 100) {
            index.upsert(Array(all[start..<min(all.count, start + 100)]))
            await Task.yield()
        }
        let exact = VectorIndex(all)
        var hits = 0
        for query in all.prefix(60).map(\.vector) {
            hits += Set(index.nearest(to: query, k: 10).map(\.id)).intersection(exact.nearest(to: query, k: 10).map(\.id)).count
        }
        #expect(Double(hits) / 600 >= 0.95, "recall@10 \(Double(hits) / 600)")
        // A re-embedded paper keeps one entry, at its new place.
        let moved = all[7].id
        index.upsert([(moved, all[900].vector)])
        #expect(index.count == 1_500)
        let near = index.nearest(to: all[900].vector, k: 2).map(\.id)
        #expect(Set(near) == [moved, all[900].id])
        index.remove([moved])
        #expect(!index.nearest(to: all[900].vector, k: 20).map(\.id).contains(moved) && index.count == 1_499)
        // Among a few: exactly those, best first.
        let few = Array(all[100..<130].map(\.id))
        let among = index.exactNearest(to: all[0].vector, k: 5, among: few)
        #expect(among.count == 5 && among.allSatisfy { few.contains($0.id) })
        #expect(among.map(\.score) == among.map(\.score).sorted(by: >))
        #expect(index.upsert([(all[1].id, [1, 2, 3])]) == 1, "a vector of the wrong size is skipped")
    }

    @Test func savedGenerationsLoadWhole() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("papers.sqlite.vector-index")
        let all = Self.entries(600)
        let first = PaperVectorIndex()
        first.upsert(Array(all.prefix(400)))
        try first.write(to: path)
        // A second process saves a different index to the same place: the pair it names
        // is read, never one's ids with the other's graph.
        let second = PaperVectorIndex()
        second.upsert(Array(all.suffix(300)))
        try second.write(to: path)
        let loaded = try PaperVectorIndex.read(from: path)
        #expect(loaded.count == 300)
        for query in all.suffix(20).map(\.vector) {
            #expect(loaded.nearest(to: query, k: 5).map(\.id) == second.nearest(to: query, k: 5).map(\.id))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.hasPrefix("papers.sqlite.vector-index.") }
        #expect(files.count == 2, "one generation's ids and graph: \(files)")
        // Damage: the reader says so (and the caller rebuilds).
        let generation = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try Data("junk".utf8).write(to: URL(fileURLWithPath: "\(path).\(generation).graph"))
        #expect(throws: (any Error).self) { try PaperVectorIndex.read(from: path) }
        try Data("../../etc/passwd".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: (any Error).self) { try PaperVectorIndex.read(from: path) }
    }

    @Test func aSavedIndexCatchesUpWithTheStoreAndTheSemanticIndexLoadsIt() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("papers.sqlite.vector-index")
        let store = InMemoryPaperStore()
        let all = Self.entries(500)
        _ = try await store.upsert(all.map { Paper(id: $0.id, title: "Paper \($0.id)") })
        await store.saveEmbeddings(Array(all.prefix(300)), model: SentenceEmbedder.modelName)
        let semantic = SemanticIndex(store: store, modelDirectory: nil, indexPath: path)
        #expect(try await semantic.snapshot().count == 300)
        #expect(FileManager.default.fileExists(atPath: path), "a built index is saved")
        // Another process embeds the rest; a restart loads the file and adds only those.
        await store.saveEmbeddings(Array(all.suffix(200)), model: SentenceEmbedder.modelName)
        let restarted = SemanticIndex(store: store, modelDirectory: nil, indexPath: path)
        let index = try await restarted.snapshot()
        #expect(index.count == 500)
        #expect(index.nearest(to: all[450].vector, k: 1).first?.id == all[450].id)
        #expect(try await restarted.neighbours(of: all[450].id, k: 3)?.contains { $0.id == all[450].id } == false)
        // And the running one catches up when the counts differ.
        #expect(try await semantic.reloadIfStale())
        #expect(try await semantic.snapshot().count == 500)
    }
}
