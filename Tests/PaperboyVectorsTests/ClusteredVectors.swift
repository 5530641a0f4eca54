import PaperboyTestSupport

/// Seeded synthetic embeddings that are not trivially uniform: unit vectors scattered
/// around random unit centres (like topics), so neighbours are close and clusters overlap.
struct ClusteredVectors {
    let dimensions: Int
    private var random: SeededRandom
    private let centres: [[Float]]
    /// How far a vector strays from its centre (per component, before normalising).
    private let spread: Float

    init(dimensions: Int = 384, centres: Int = 200, spread: Float = 0.06, seed: UInt64 = 1) {
        self.dimensions = dimensions
        self.spread = spread
        random = SeededRandom(seed: seed)
        var made: [[Float]] = []
        for _ in 0..<centres { made.append(ClusteredVectors.unit(ClusteredVectors.gaussian(dimensions, &random))) }
        self.centres = made
    }

    mutating func next() -> [Float] {
        let centre = centres[Int.random(in: 0..<centres.count, using: &random)]
        let noise = ClusteredVectors.gaussian(dimensions, &random)
        return ClusteredVectors.unit(zip(centre, noise).map { $0 + spread * $1 })
    }

    mutating func take(_ count: Int) -> [[Float]] { (0..<count).map { _ in next() } }

    static func unit(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }

    /// Standard normal components (Box-Muller).
    static func gaussian(_ count: Int, _ random: inout SeededRandom) -> [Float] {
        (0..<count).map { _ in
            let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
            let v = Double.random(in: 0..<1, using: &random)
            return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
    }

    /// The exact top k by float dot product, best first.
    static func exactTop(_ query: [Float], _ vectors: [[Float]], k: Int) -> [UInt32] {
        let scored = vectors.indices.map { i in
            var s: Float = 0
            vectors[i].withUnsafeBufferPointer { v in query.withUnsafeBufferPointer { q in
                for j in 0..<q.count { s += q[j] * v[j] }
            } }
            return (UInt32(i), s)
        }
        return scored.sorted { $0.1 > $1.1 }.prefix(k).map(\.0)
    }
}

import Foundation
