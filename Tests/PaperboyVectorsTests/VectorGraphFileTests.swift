import Foundation
import PaperboyTestSupport
import Testing
@testable import PaperboyVectors

/// The file: a round trip answers identically, and damage throws a clear error.
@Suite struct VectorGraphFileTests {
    static func sample() throws -> (VectorGraph, [[Float]]) {
        var data = ClusteredVectors(dimensions: 48, centres: 12, seed: 21)
        let graph = VectorGraph(dimensions: 48, efSearch: 40)
        for (i, v) in data.take(600).enumerated() { try graph.add(UInt32(i), v) }
        for node in [UInt32](stride(from: 0, to: 600, by: 7)) { graph.remove(node) }
        try graph.add(3, data.next())
        return (graph, data.take(15))
    }

    @Test func roundTripAnswersIdentically() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("vectors.graph")
        let (graph, queries) = try Self.sample()
        try graph.write(to: path)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
        let loaded = try VectorGraph.read(from: path)
        #expect(loaded.count == graph.count)
        #expect(loaded.efSearch == 40)
        #expect(loaded.tombstoneShare == graph.tombstoneShare)
        for q in queries {
            #expect(try loaded.nearest(to: q, k: 10) == graph.nearest(to: q, k: 10))
            #expect(try loaded.exactNearest(to: q, k: 10, filter: { $0 % 2 == 0 }) == graph.exactNearest(to: q, k: 10, filter: { $0 % 2 == 0 }))
        }
        // A loaded graph keeps growing like the original (same level sequence too).
        var data = ClusteredVectors(dimensions: 48, centres: 12, seed: 22)
        for (i, v) in data.take(50).enumerated() {
            try graph.add(UInt32(1_000 + i), v)
            try loaded.add(UInt32(1_000 + i), v)
        }
        for q in queries { #expect(try loaded.nearest(to: q, k: 10) == graph.nearest(to: q, k: 10)) }
        // Writing over an existing file replaces it.
        try loaded.write(to: path)
        #expect(try VectorGraph.read(from: path).count == loaded.count)
    }

    @Test func emptyGraphRoundTrips() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("empty.graph")
        try VectorGraph(dimensions: 5).write(to: path)
        let loaded = try VectorGraph.read(from: path)
        #expect(loaded.count == 0 && loaded.dimensions == 5)
        try loaded.add(1, [1, 0, 0, 0, 0])
        #expect(try loaded.nearest(to: [1, 0, 0, 0, 0], k: 1).map(\.node) == [1])
    }

    @Test func damagedFilesThrow() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("vectors.graph")
        try Self.sample().0.write(to: path)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))

        func load(_ bytes: Data) throws {
            let damaged = directory.path("damaged.graph")
            try bytes.write(to: URL(fileURLWithPath: damaged))
            _ = try VectorGraph.read(from: damaged)
        }
        // Cut short anywhere, from nothing to one byte short.
        var random = SeededRandom(seed: 23)
        for length in [0, 7, 71, 72, 100, good.count / 2, good.count - 1] + (0..<10).map({ _ in Int.random(in: 0..<good.count, using: &random) }) {
            #expect(throws: VectorGraphError.self) { try load(good.prefix(length)) }
        }
        #expect(throws: VectorGraphError.self) { try load(good + Data([0])) }
        // A flipped byte anywhere: the checksum or the header checks catch it.
        for _ in 0..<20 {
            var bytes = good
            let at = Int.random(in: 0..<bytes.count, using: &random)
            bytes[at] ^= UInt8.random(in: 1...255, using: &random)
            #expect(throws: VectorGraphError.self) { try load(bytes) }
        }
        // Another format version, another kind of file, a missing file.
        var version = good
        version[8] = 2
        #expect(throws: VectorGraphError.notAGraphFile("format version 2, this build reads 1")) { try load(version) }
        #expect(throws: VectorGraphError.self) { try load(Data("SQLite format 3\0 and then a lot more bytes than a header ......................".utf8)) }
        #expect(throws: VectorGraphError.self) { _ = try VectorGraph.read(from: directory.path("missing.graph")) }
        // The good file still loads.
        try load(good)
    }

    @Test func inconsistentLinksAreCaughtEvenWithAValidChecksum() throws {
        // A link to a slot that does not exist would read out of bounds: the structural
        // checks catch what a checksum collision (or a bug in a writer) would let through.
        let (graph, _) = try Self.sample()
        graph.storage.links(5, 0)[1] = 99_999
        var bytes: [UInt8] = GraphFile.header(graph.storage, efSearch: 10)
        for section in GraphFile.sections(graph.storage) {
            bytes += Array(section) + [UInt8](repeating: 0, count: GraphFile.padded(section.count) - section.count)
        }
        var checksum = Checksum()
        bytes.withUnsafeBytes { checksum.update($0) }
        withUnsafeBytes(of: checksum.value.littleEndian) { bytes += Array($0) }
        #expect(throws: VectorGraphError.corrupt("slot 5 links to a slot not on layer 0")) {
            _ = try bytes.withUnsafeBytes { try GraphFile.parse($0) }
        }
    }
}
