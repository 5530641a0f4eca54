import PaperboyCore
@testable import PaperboySearch
import PaperboyTestSupport
import Testing

/// Sealed blocks are bit-packed (`PackedBlock`): what a block of any widths holds comes back,
/// whole, one posting at a time, and as the documents occurring in given columns; a block cut
/// short or full of noise is read no further than its bytes.
@Suite struct PackedBlockTests {
    /// A seeded block: `count` documents after `previous` with gaps up to `largestGap`, and
    /// counts up to `largestCount` in the columns `columns` (a bit each).
    static func block(_ random: inout SeededRandom, count: Int, previous: UInt32, largestGap: UInt32,
                      largestCount: UInt16, columns: UInt8) -> (documents: [UInt32], frequencies: [ColumnFrequencies]) {
        var documents: [UInt32] = [], frequencies: [ColumnFrequencies] = []
        var document = previous
        for slot in 0..<count {
            // The first document of a list may be 0 (a gap of 0 from the start).
            document &+= (previous == 0 && slot == 0) ? 0 : UInt32.random(in: 1...largestGap, using: &random)
            documents.append(document)
            var counts = ColumnFrequencies()
            for column in 0..<4 where columns & (1 << column) != 0 {
                // Zeros often, as a word absent from a column; the largest now and then.
                counts[column] = Bool.random(using: &random) ? 0 : (slot % 17 == 3 ? largestCount : UInt16.random(in: 0...largestCount, using: &random))
            }
            frequencies.append(counts)
        }
        return (documents, frequencies)
    }

    @Test func blocksOfEveryWidthComeBack() {
        var random = SeededRandom(seed: 15)
        for (largestGap, largestCount) in [(1, 1), (3, 2), (200, 7), (70_000, 300), (UInt32.max / 200, UInt16.max)] as [(UInt32, UInt16)] {
            for columns: UInt8 in [0b0001, 0b0010, 0b0111, 0b1111, 0b1010] {
                for count in [1, 2, 63, 128] {
                    let previous: UInt32 = Bool.random(using: &random) ? 0 : 1_000
                    let (documents, frequencies) = Self.block(&random, count: count, previous: previous, largestGap: largestGap,
                                                               largestCount: largestCount, columns: columns)
                    var bytes: [UInt8] = [7, 7, 7] // a block need not start the bytes
                    PackedBlock.encode(documents: documents, frequencies: frequencies, previous: previous, to: &bytes)
                    bytes.append(contentsOf: [9, 9]) // nor end them
                    bytes.withUnsafeBufferPointer { raw in
                        var decoded = [UInt32](repeating: 0, count: count)
                        var counts = [ColumnFrequencies](repeating: ColumnFrequencies(), count: count)
                        decoded.withUnsafeMutableBufferPointer {
                            PackedBlock.decodeDocuments(raw, at: 3, end: raw.count, count: count, previous: previous, to: $0.baseAddress!)
                        }
                        counts.withUnsafeMutableBufferPointer {
                            PackedBlock.decodeFrequencies(raw, at: 3, end: raw.count, count: count, to: $0.baseAddress!)
                        }
                        #expect(decoded == documents, "gaps up to \(largestGap), \(count) postings")
                        #expect(counts == frequencies, "counts up to \(largestCount) in columns \(columns)")
                        for slot in 0..<count {
                            #expect(PackedBlock.frequencies(raw, at: 3, end: raw.count, count: count, slot: slot) == frequencies[slot])
                        }
                        for asked: UInt8 in [0b0001, 0b0100, 0b0111, 0b1000] {
                            var occurs = [Bool](repeating: true, count: count)
                            occurs.withUnsafeMutableBufferPointer {
                                PackedBlock.occurrence(raw, at: 3, end: raw.count, count: count, in: asked, to: $0.baseAddress!)
                            }
                            #expect(occurs == frequencies.map { $0.occurs(in: asked) })
                        }
                    }
                }
            }
        }
    }

    /// Narrow blocks take fewer bytes than their varints: the widths follow the largest gap
    /// and count, and a column with no counts takes none.
    @Test func widthsFollowTheLargestNumbers() {
        var random = SeededRandom(seed: 16)
        let (documents, frequencies) = Self.block(&random, count: 128, previous: 500, largestGap: 15, largestCount: 3, columns: 0b0011)
        var bytes: [UInt8] = []
        PackedBlock.encode(documents: documents, frequencies: frequencies, previous: 500, to: &bytes)
        #expect(Array(bytes.prefix(5)) == [4, 2, 2, 0, 0])
        #expect(bytes.count == PackedBlock.headerSize + 128 * (4 + 2 + 2) / 8)
    }

    /// Cut short, or noise (a snapshot's checksum guards against both; this is the second
    /// line): reading never crashes, and what the bytes hold comes back. Each sample lies in an
    /// allocation of exactly its size, so a read past it would be a read of memory not ours.
    @Test func shortOrNoisyBytesAreReadNoFurther() {
        var random = SeededRandom(seed: 17)
        let (documents, frequencies) = Self.block(&random, count: 128, previous: 0, largestGap: 5_000, largestCount: 40, columns: 0b1111)
        var bytes: [UInt8] = []
        PackedBlock.encode(documents: documents, frequencies: frequencies, previous: 0, to: &bytes)
        var noise = (0..<300).map { _ in UInt8.random(in: 0...255, using: &random) }
        noise[0] = 255 // a gap width past 32
        for sample in [Array(bytes.prefix(3)), Array(bytes.prefix(40)), Array(bytes.dropLast(1)), noise] {
            // Copied to an allocation of exactly its size.
            let raw = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: sample.count)
            defer { raw.deallocate() }
            _ = raw.initialize(from: sample)
            var decoded = [UInt32](repeating: 0, count: 128)
            var counts = [ColumnFrequencies](repeating: ColumnFrequencies(), count: 128)
            decoded.withUnsafeMutableBufferPointer {
                PackedBlock.decodeDocuments(UnsafeBufferPointer(raw), at: 0, end: raw.count, count: 128, previous: 0, to: $0.baseAddress!)
            }
            counts.withUnsafeMutableBufferPointer {
                PackedBlock.decodeFrequencies(UnsafeBufferPointer(raw), at: 0, end: raw.count, count: 128, to: $0.baseAddress!)
            }
            if sample.count == 40, sample != noise {
                // What the first 40 bytes hold comes back: the header and the first gaps.
                let whole = (40 - PackedBlock.headerSize) * 8 / Int(bytes[0])
                #expect(Array(decoded.prefix(whole)) == Array(documents.prefix(whole)))
            }
            _ = PackedBlock.frequencies(UnsafeBufferPointer(raw), at: 0, end: raw.count, count: 128, slot: 127)
        }
    }
}
