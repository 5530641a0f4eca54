import Foundation
import PaperboyTestSupport
import Testing
@testable import PaperboyVectors

/// Search quality and the graph's contract: replaced and removed nodes never come back,
/// filters give full pages, and bad input throws rather than traps.
@Suite struct VectorGraphTests {
    /// A small graph of clustered vectors, node i = vectors[i]; built in parts, yielding, since
    /// a test body that holds a cooperative thread for seconds stalls the other tests' awaits.
    static func build(_ vectors: [[Float]], dimensions: Int = 384, seed: UInt64 = 9) async throws -> VectorGraph {
        let graph = VectorGraph(dimensions: dimensions, seed: seed)
        let items = vectors.enumerated().map { (node: UInt32($0.offset), vector: $0.element) }
        for start in stride(from: 0, to: items.count, by: 100) {
            try graph.add(contentsOf: Array(items[start..<min(items.count, start + 100)]))
            await Task.yield()
        }
        return graph
    }

    @Test func recallAgainstExactFloatSearch() async throws {
        var data = ClusteredVectors(seed: 11)
        let vectors = data.take(2_000)
        let queries = data.take(30)
        let graph = try await Self.build(vectors)
        var hits = 0
        for q in queries {
            let expected = Set(ClusteredVectors.exactTop(q, vectors, k: 10))
            let found = try graph.nearest(to: q, k: 10)
            #expect(found.count == 10)
            #expect(zip(found, found.dropFirst()).allSatisfy { $0.score >= $1.score })
            hits += Set(found.map(\.node)).intersection(expected).count
        }
        let recall = Double(hits) / Double(queries.count * 10)
        #expect(recall >= 0.97, "recall@10 \(recall)")
    }

    @Test func walkAgreesWithExactScanOfTheCodes() async throws {
        var data = ClusteredVectors(dimensions: 64, centres: 20, spread: 0.1, seed: 12)
        let vectors = data.take(2_000)
        let graph = try await Self.build(vectors, dimensions: 64)
        var hits = 0
        for q in data.take(30) {
            let exact = try graph.exactNearest(to: q, k: 10)
            let found = try graph.nearest(to: q, k: 10, ef: 128)
            hits += Set(found.map(\.node)).intersection(exact.map(\.node)).count
            // Scores are the same estimate either way.
            if let top = exact.first, let first = found.first, top.node == first.node { #expect(top.score == first.score) }
        }
        #expect(Double(hits) / 300 >= 0.98)
    }

    @Test func scoresApproximateTheCosine() async throws {
        var data = ClusteredVectors(seed: 13)
        let vectors = data.take(200)
        let graph = try await Self.build(vectors)
        let q = data.next()
        for match in try graph.exactNearest(to: q, k: 20) {
            let exact = zip(q, vectors[Int(match.node)]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            #expect(abs(match.score - exact) < 0.01)
        }
    }

    @Test func replacedAndRemovedNodesNeverReturn() async throws {
        var data = ClusteredVectors(dimensions: 32, centres: 10, seed: 14)
        let vectors = data.take(500)
        let graph = try await Self.build(vectors, dimensions: 32)
        // Node 7 moves far away: its old vector must not find it any more.
        let old = vectors[7]
        try graph.add(7, old.map { -$0 })
        #expect(graph.count == 500)
        for k in [1, 10, 500] {
            let found = try graph.nearest(to: old, k: k)
            if k < 500 { #expect(!found.contains { $0.node == 7 }) }
            #expect(Set(found.map(\.node)).count == found.count, "a node appears twice")
        }
        #expect(try graph.nearest(to: old.map { -$0 }, k: 1).first?.node == 7)
        // Removing: gone from every search, even the exact ones.
        for node in [UInt32](0..<100) { graph.remove(node) }
        graph.remove(9_999)
        #expect(graph.count == 400)
        for q in data.take(10) {
            #expect(try graph.nearest(to: q, k: 50).allSatisfy { $0.node >= 100 })
            #expect(try graph.exactNearest(to: q, k: 50).allSatisfy { $0.node >= 100 })
            #expect(try graph.exactNearest(to: q, k: 50, among: [1, 2, 150, 150, 9_999]).map(\.node) == [150])
        }
        #expect(try graph.nearest(to: vectors[0], k: 400).count == 400)
        #expect(graph.tombstoneShare > 0.2)
        #expect(!graph.contains(5) && graph.contains(200))
    }

    @Test func removingEverythingThenAddingWorks() async throws {
        var data = ClusteredVectors(dimensions: 16, centres: 4, seed: 15)
        let graph = try await Self.build(data.take(50), dimensions: 16)
        for node in [UInt32](0..<50) { graph.remove(node) }
        #expect(try graph.nearest(to: data.next(), k: 5).isEmpty)
        try graph.add(100, data.next())
        try graph.add(101, data.next())
        #expect(Set(try graph.nearest(to: data.next(), k: 5).map(\.node)) == [100, 101])
    }

    @Test func filteredSearchReturnsOnlyAdmittedNodesAndFullPages() async throws {
        var data = ClusteredVectors(dimensions: 64, centres: 30, seed: 16)
        let vectors = data.take(3_000)
        let graph = try await Self.build(vectors, dimensions: 64)
        for (share, k) in [(2, 10), (20, 10), (1_000, 10), (3_000, 20)] {
            // Admit every share-th node: from half the graph down to a single node.
            let admit: (UInt32) -> Bool = { $0 % UInt32(share) == 0 }
            let admitted = (0..<3_000).filter { admit(UInt32($0)) }.count
            for q in data.take(5) {
                let found = try graph.nearest(to: q, k: k, filter: admit)
                #expect(found.allSatisfy { admit($0.node) })
                #expect(found.count == min(k, admitted), "share 1/\(share): \(found.count) results")
                let exact = try graph.exactNearest(to: q, k: k, filter: admit)
                #expect(exact.count == min(k, admitted))
                #expect(exact.allSatisfy { admit($0.node) })
            }
        }
        #expect(try graph.nearest(to: data.next(), k: 10, filter: { _ in false }).isEmpty)
    }

    @Test func emptyGraphAndLargeK() async throws {
        let empty = VectorGraph(dimensions: 8)
        #expect(empty.count == 0)
        #expect(try empty.nearest(to: [Float](repeating: 0.5, count: 8), k: 10).isEmpty)
        #expect(try empty.exactNearest(to: [Float](repeating: 0.5, count: 8), k: 10).isEmpty)
        var data = ClusteredVectors(dimensions: 8, centres: 3, seed: 17)
        let graph = try await Self.build(data.take(25), dimensions: 8)
        #expect(try graph.nearest(to: data.next(), k: 100).count == 25)
        #expect(try graph.nearest(to: data.next(), k: 0).isEmpty)
        #expect(try graph.nearest(to: data.next(), k: 3, ef: 1).count == 3)
        // A zero vector is allowed and scores 0.
        try graph.add(500, [Float](repeating: 0, count: 8))
        #expect(try graph.nearest(to: [Float](repeating: 0, count: 8), k: 3).allSatisfy { $0.score == 0 })
    }

    @Test func badVectorsThrow() async throws {
        let graph = VectorGraph(dimensions: 4)
        #expect(throws: VectorGraphError.dimensionMismatch(expected: 4, got: 3)) { try graph.add(1, [1, 0, 0]) }
        #expect(throws: VectorGraphError.nonFiniteComponent) { try graph.add(1, [.nan, 0, 0, 0]) }
        #expect(throws: VectorGraphError.nonFiniteComponent) { try graph.nearest(to: [.infinity, 0, 0, 0], k: 1) }
        #expect(graph.count == 0)
    }

    @Test func sameSeedAndOrderBuildTheSameGraph() async throws {
        var data = ClusteredVectors(dimensions: 32, centres: 8, seed: 18)
        let vectors = data.take(800)
        let a = try await Self.build(vectors, dimensions: 32, seed: 3)
        let b = try await Self.build(vectors, dimensions: 32, seed: 3)
        for q in data.take(10) {
            #expect(try a.nearest(to: q, k: 10, ef: 16) == b.nearest(to: q, k: 10, ef: 16))
        }
    }

    @Test func searchesRunWhileNodesAreAdded() async throws {
        var data = ClusteredVectors(dimensions: 32, centres: 8, seed: 19)
        let first = data.take(500)
        let more = data.take(500)
        let queries = data.take(20)
        let graph = try await Self.build(first, dimensions: 32)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for (i, v) in more.enumerated() { try graph.add(UInt32(500 + i), v) }
            }
            for _ in 0..<2 {
                group.addTask {
                    for q in queries {
                        let found = try graph.nearest(to: q, k: 10)
                        #expect(found.count == 10)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(graph.count == 1_000)
        // Every added vector is found by itself.
        for (i, v) in more.enumerated().prefix(50) {
            #expect(try graph.nearest(to: v, k: 1).first?.node == UInt32(500 + i))
        }
    }
}
