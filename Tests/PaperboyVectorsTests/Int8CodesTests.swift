import PaperboyTestSupport
import Testing
@testable import PaperboyVectors

/// The SIMD products (release builds) and the scalar ones (debug builds) agree exactly.
@Suite struct Int8CodesTests {
    @Test func simdAndScalarProductsAgree() {
        var random = SeededRandom(seed: 31)
        let count = Int8Codes.paddedLength(384)
        var query = [Int16](repeating: 0, count: count)
        var row = [Int8](repeating: 0, count: count)
        var wide1 = [Int16](repeating: 0, count: count)
        var wide2 = [Int16](repeating: 0, count: count)
        for round in 0..<50 {
            // Extremes included: the sums must not overflow.
            for i in 0..<count {
                query[i] = round == 0 ? 32_767 : Int16.random(in: -32_767...32_767, using: &random)
                row[i] = round == 0 ? 127 : Int8.random(in: -127...127, using: &random)
            }
            #expect(Int8Codes.dotSIMD(query, row, count) == Int8Codes.dotScalar(query, row, count))
            Int8Codes.widenSIMD(row, into: &wide1, count)
            Int8Codes.widenScalar(row, into: &wide2, count)
            #expect(wide1 == wide2)
            #expect(Int8Codes.dotSIMD(wide1, row, count) == row.reduce(Int32(0)) { $0 + Int32($1) * Int32($1) })
        }
    }

    @Test func queryCodesArePermutedAndScaled() {
        var vector = [Float](repeating: 0, count: 20)
        vector[3] = 0.5
        vector[17] = -0.25
        let (codes, scale) = Int8Codes.encodeQuery(vector, padded: 32)
        #expect(codes.count == 32)
        #expect(Float(codes[Int8Codes.permuted(3)]) * scale == 0.5)
        #expect(abs(Float(codes[Int8Codes.permuted(17)]) * scale + 0.25) < 1e-4)
        #expect(Set((0..<32).map(Int8Codes.permuted)).count == 32)
    }
}
