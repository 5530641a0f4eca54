import PaperboyCore
import Testing

/// The compressed rows reader models walk: what goes in comes out (to the code's precision),
/// and the linear models' three operations agree with the same sums over plain Floats,
/// including columns far apart (gaps of 65,535 and more, written as fillers).
@Suite struct SparseRowsTests {
    /// Random rows over `width` columns: some empty, some dense, some at the first and last
    /// columns and across the 65,535 gap.
    static func randomRows(width: Int, count: Int, seed: UInt64) -> [[(column: Int32, value: Float)]] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            var columns = Set<Int32>()
            switch index % 5 {
            case 0: break
            case 1: columns = [0, Int32(width - 1), 65_535, 65_534, 131_070].filter { $0 < width }.reduce(into: []) { $0.insert($1) }
            default:
                for _ in 0..<Int.random(in: 1...300, using: &random) { columns.insert(Int32.random(in: 0..<Int32(width), using: &random)) }
            }
            // Unsorted on purpose (but the same every run: a set's order is not), values over
            // four orders of magnitude.
            return columns.sorted().shuffled(using: &random).map { ($0, Float.random(in: 0.0001...1, using: &random)) }
        }
    }

    @Test(arguments: [5, 70_000, 300_000])
    func rowsComeBackAndModelsAgreeWithPlainSums(width: Int) {
        let input = Self.randomRows(width: width, count: 60, seed: UInt64(width))
        var rows = SparseRows(width: width)
        for row in input { rows.append(row) }
        rows = rows.compacted()
        #expect(rows.count == input.count)
        var random = SplitMix64(seed: 9)
        var weights = (0..<width).map { _ in Float.random(in: -1...1, using: &random) }
        for (index, row) in input.enumerated() {
            let expected = row.sorted { $0.column < $1.column }
            let got = rows.entries(of: index)
            #expect(got.map(\.column) == expected.map(\.column))
            let largest = expected.map(\.value).max() ?? 0
            // Each value within half a code of the row's largest over 65,535.
            #expect(zip(got, expected).allSatisfy { abs($0.value - $1.value) <= largest / 65_535 })
            let plainDot = expected.reduce(0.0) { $0 + Double($1.value) * Double(weights[Int($1.column)]) }
            let plainNorm = expected.reduce(0.0) { $0 + Double($1.value) * Double($1.value) }
            // What the codes may move the sums by (each value by at most `step`), and Float rounding.
            let step = Double(largest) / 65_535
            let dotSlack = expected.reduce(0.0) { $0 + abs(Double(weights[Int($1.column)])) } * step + 1e-5 * max(1, abs(plainDot))
            let normSlack = expected.reduce(0.0) { $0 + 2 * Double($1.value) * step + step * step } + 1e-5 * max(1, plainNorm)
            weights.withUnsafeMutableBufferPointer { weights in
                #expect(abs(rows.dot(index, weights) - plainDot) <= dotSlack)
                #expect(abs(rows.squaredNorm(index) - plainNorm) <= normSlack)
                // add then dot with a fresh vector: Σ (2 · code) · code.
                var fresh = [Float](repeating: 0, count: width)
                fresh.withUnsafeMutableBufferPointer { fresh in
                    rows.add(index, scaledBy: 2, to: fresh)
                    #expect(abs(rows.dot(index, fresh) - 2 * plainNorm) <= 2 * normSlack)
                }
            }
        }
    }
}
