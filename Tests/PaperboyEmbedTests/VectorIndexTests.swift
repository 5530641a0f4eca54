import PaperboyCore
import PaperboyEmbed
import PaperboyTestSupport
import Testing

@Suite struct VectorIndexTests {
    static func unit(_ values: [Float]) -> [Float] {
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { $0 / norm }
    }

    @Test func theNearestAreExactlyTheBruteForceTopK() {
        var generator = SeededRandom(seed: 384)
        let entries = (0..<500).map { i in
            (id: PaperID.parse(String(format: "2401.%05d", i + 1))!.id,
             vector: Self.unit((0..<384).map { _ in Float.random(in: -1...1, using: &generator) }))
        }
        let index = VectorIndex(entries)
        #expect(index.count == 500)
        for _ in 0..<5 {
            let query = Self.unit((0..<384).map { _ in Float.random(in: -1...1, using: &generator) })
            let expected = entries.map { entry in (entry.id, zip(entry.vector, query).reduce(Float(0)) { $0 + $1.0 * $1.1 }) }
                .sorted { $0.1 > $1.1 }.prefix(10)
            let found = index.nearest(to: query, k: 10)
            #expect(found.map(\.id) == expected.map(\.0))
            for (a, b) in zip(found.map(\.score), expected.map(\.1)) { #expect(abs(a - b) < 1e-4) }
        }
        // A paper's own vector is its nearest, with cosine 1.
        let own = index.nearest(to: entries[42].vector, k: 1)
        #expect(own.first?.id == entries[42].id && abs((own.first?.score ?? 0) - 1) < 1e-4)
        #expect(index.nearest(to: entries[0].vector, k: 1_000).count == 500)
        #expect(VectorIndex([]).nearest(to: entries[0].vector, k: 5).isEmpty)
        #expect(VectorIndex([(entries[0].id, [1, 2, 3])]).count == 0, "vectors of the wrong size are left out")
    }
}
