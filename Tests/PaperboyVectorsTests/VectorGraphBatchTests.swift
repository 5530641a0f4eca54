import Foundation
import PaperboyTestSupport
import Testing
@testable import PaperboyVectors

/// Bulk adds in parallel batches (`GraphStorage+Batch`): as good a graph as one insert at a
/// time, the same graph whatever the number of workers, replacements inside a batch, and
/// searches answered while batches go in.
@Suite struct VectorGraphBatchTests {
    static func items(_ vectors: [[Float]], from first: Int = 0) -> [(node: UInt32, vector: [Float])] {
        vectors.enumerated().map { (UInt32(first + $0.offset), $0.element) }
    }

    /// Builds in parts of 500, yielding between them (a test that holds a cooperative thread
    /// for seconds stalls the other tests' awaits).
    static func build(_ vectors: [[Float]], dimensions: Int, workers: Int) async throws -> VectorGraph {
        let graph = VectorGraph(dimensions: dimensions, seed: 21)
        let all = items(vectors)
        for start in stride(from: 0, to: all.count, by: 500) {
            try graph.add(contentsOf: Array(all[start..<min(all.count, start + 500)]), workers: workers)
            await Task.yield()
        }
        return graph
    }

    static func recall(_ graph: VectorGraph, _ vectors: [[Float]], _ queries: [[Float]]) throws -> Double {
        var hits = 0
        for q in queries {
            let found = try graph.nearest(to: q, k: 10)
            #expect(found.count == 10)
            hits += Set(found.map(\.node)).intersection(ClusteredVectors.exactTop(q, vectors, k: 10)).count
        }
        return Double(hits) / Double(queries.count * 10)
    }

    @Test func batchesBuildAsGoodAGraphAsOneInsertAtATime() async throws {
        var data = ClusteredVectors(dimensions: 64, centres: 40, spread: 0.12, seed: 31)
        let vectors = data.take(4_000)
        let queries = data.take(60)
        let single = try await Self.build(vectors, dimensions: 64, workers: 1)
        let batched = try await Self.build(vectors, dimensions: 64, workers: 2)
        let (one, many) = (try Self.recall(single, vectors, queries), try Self.recall(batched, vectors, queries))
        #expect(many >= 0.95, "batched recall@10 \(many)")
        #expect(many >= one - 0.02, "batched recall@10 \(many) against \(one) one at a time")
        #expect(batched.count == 4_000)
        // The batches really ran: past 1,024 nodes the graphs differ.
        var differs = false
        for q in queries where try single.nearest(to: q, k: 10, ef: 10) != batched.nearest(to: q, k: 10, ef: 10) {
            differs = true
        }
        #expect(differs)
    }

    @Test func theSameItemsBuildTheSameGraphWhateverTheWorkers() async throws {
        var data = ClusteredVectors(dimensions: 32, centres: 12, seed: 32)
        let vectors = data.take(2_500)
        let two = try await Self.build(vectors, dimensions: 32, workers: 2)
        let five = try await Self.build(vectors, dimensions: 32, workers: 5)
        for q in data.take(20) {
            #expect(try two.nearest(to: q, k: 10, ef: 12) == five.nearest(to: q, k: 10, ef: 12))
        }
        #expect(Self.links(two) == Self.links(five), "the graphs' links differ")
    }

    /// Every slot's links on every layer, with the entry point.
    static func links(_ graph: VectorGraph) -> [[UInt32]] {
        let storage = graph.storage
        let view = storage.view
        var all: [[UInt32]] = [[storage.entry, UInt32(storage.topLevel)]]
        for slot in 0..<UInt32(storage.slotCount) {
            for layer in 0...Int(view.levels[Int(slot)]) {
                let list = view.links(slot, layer)
                all.append(Array(UnsafeBufferPointer(start: list + 1, count: Int(list[0]))))
            }
        }
        return all
    }

    @Test func aBatchReplacesNodesEvenTwiceInOneList() async throws {
        var data = ClusteredVectors(dimensions: 32, centres: 10, seed: 33)
        let vectors = data.take(1_500)
        let graph = try await Self.build(vectors, dimensions: 32, workers: 2)
        // Nodes 0..<300 move to new vectors, and node 5 moves twice in the same list: the
        // later vector wins.
        var moved = Self.items(data.take(300))
        let last = data.next()
        moved.insert((5, data.next()), at: 100)
        moved.append((5, last))
        try graph.add(contentsOf: moved, workers: 2)
        #expect(graph.count == 1_500)
        #expect(graph.tombstoneShare > 0.15)
        #expect(try graph.nearest(to: last, k: 1).first?.node == 5)
        for node in [0, 1, 150, 299] {
            let before = vectors[node]
            let now = moved.first { $0.node == UInt32(node) }!.vector
            #expect(try graph.nearest(to: now, k: 1).first?.node == UInt32(node))
            let found = try graph.nearest(to: before, k: 20)
            #expect(Set(found.map(\.node)).count == found.count, "a node appears twice")
        }
    }

    @Test func searchesAnswerWhileBatchesGoIn() async throws {
        var data = ClusteredVectors(dimensions: 32, centres: 8, seed: 34)
        let first = data.take(1_200)
        let more = data.take(2_000)
        let queries = data.take(20)
        let graph = try await Self.build(first, dimensions: 32, workers: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for start in stride(from: 0, to: more.count, by: 400) {
                    try graph.add(contentsOf: Self.items(Array(more[start..<start + 400]), from: 1_200 + start), workers: 2)
                }
            }
            for _ in 0..<2 {
                group.addTask {
                    for q in queries {
                        let found = try graph.nearest(to: q, k: 10)
                        #expect(found.count == 10)
                        #expect(found.allSatisfy { $0.node < 3_200 })
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(graph.count == 3_200)
        for (i, v) in more.enumerated().prefix(60) {
            #expect(try graph.nearest(to: v, k: 1).first?.node == UInt32(1_200 + i))
        }
    }
}
