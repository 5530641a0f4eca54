import PaperboyCore
import PaperboyTestSupport
import Testing

/// The one binary search (sorted insertion, top-k insertion, "the last day on or before"):
/// the first index whose element belongs, as a linear scan finds it, on seeded sorted arrays
/// with repeats, and on empty and one-sided ones.
@Suite struct PartitioningIndexTests {
    @Test func findsWhatALinearScanFinds() {
        var random = SeededRandom(seed: 41)
        for length in [0, 1, 2, 3, 7, 64, 129] {
            let values = (0..<length).map { _ in Int.random(in: 0..<20, using: &random) }.sorted()
            for pivot in -1...21 {
                let want = values.firstIndex { $0 >= pivot } ?? values.endIndex
                #expect(values.partitioningIndex { $0 >= pivot } == want, "\(values) at \(pivot)")
                // On a slice, whose indices do not start at 0.
                let tail = values.dropFirst(length / 2)
                #expect(tail.partitioningIndex { $0 > pivot } == (tail.firstIndex { $0 > pivot } ?? tail.endIndex))
            }
        }
    }
}
