/// A sealed block's postings, bit-packed: a byte with the width in bits of its document
/// gaps, a byte per column with the width of its counts, then one bit stream of every gap,
/// then each column's counts (a column whose counts are all zero takes no bits).
///
/// Why not varints, as the open block keeps them: a search decodes whole blocks, and a
/// varint posting (gap, a byte of which columns count, each count) branches on every byte,
/// on a mask that changes from paper to paper. Unpacking fixed widths is a shift and a mask
/// per number with nothing to mispredict, and fixed widths let a search read one posting's
/// counts without the rest: it decodes a block's gaps to find a paper, then reads the
/// counts of the few postings it scores (BENCHMARKS.md, fifteenth session).
enum PackedBlock {
    static let headerSize = 5

    /// Appends the block of `documents` (ascending, after `previous`) and their `frequencies`.
    static func encode(documents: [UInt32], frequencies: [ColumnFrequencies], previous: UInt32, to bytes: inout [UInt8]) {
        var last = previous, largestGap: UInt32 = 0
        for document in documents {
            largestGap = max(largestGap, document &- last)
            last = document
        }
        let gapWidth = width(largestGap)
        let columnWidths = (0..<4).map { column in width(UInt32(frequencies.lazy.map { $0[column] }.max() ?? 0)) }
        bytes.append(gapWidth)
        bytes.append(contentsOf: columnWidths)
        var writer = BitWriter()
        last = previous
        for document in documents {
            writer.write(document &- last, width: gapWidth, to: &bytes)
            last = document
        }
        for column in 0..<4 where columnWidths[column] > 0 {
            for counts in frequencies { writer.write(UInt32(counts[column]), width: columnWidths[column], to: &bytes) }
        }
        writer.flush(to: &bytes)
    }

    /// The bits `value` needs.
    static func width(_ value: UInt32) -> UInt8 { UInt8(UInt32.bitWidth - value.leadingZeroBitCount) }

    /// The block's `count` documents, into `documents`. Reads no further than `end` in `raw`
    /// whatever the bytes hold (a width too large for its column is cut to it).
    @inline(__always)
    static func decodeDocuments(_ raw: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, count: Int,
                                previous: UInt32, to documents: UnsafeMutablePointer<UInt32>) {
        guard let base = raw.baseAddress, start + headerSize <= end else {
            for slot in 0..<count { documents[slot] = previous }
            return
        }
        let stream = base + start
        let available = end - start
        let gapWidth = min(Int(stream[0]), 32)
        let mask: UInt64 = (1 << UInt64(gapWidth)) &- 1
        var bit = headerSize * 8, document = previous
        for slot in 0..<count {
            document &+= UInt32(truncatingIfNeeded: value(stream, available, bit: bit, mask: mask))
            documents[slot] = document
            bit &+= gapWidth
        }
    }

    /// The block's `count` postings' frequencies, into `frequencies`.
    @inline(__always)
    static func decodeFrequencies(_ raw: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, count: Int,
                                  to frequencies: UnsafeMutablePointer<ColumnFrequencies>) {
        frequencies.initialize(repeating: ColumnFrequencies(), count: count)
        forEachColumn(raw, at: start, end: end, count: count) { column, width, bit, stream, available in
            let mask: UInt64 = (1 << UInt64(width)) &- 1
            // A loop per column, so that each writes one field (no switch per count).
            switch column {
            case 0: for slot in 0..<count { frequencies[slot].counts.0 = UInt16(truncatingIfNeeded: value(stream, available, bit: bit &+ slot &* width, mask: mask)) }
            case 1: for slot in 0..<count { frequencies[slot].counts.1 = UInt16(truncatingIfNeeded: value(stream, available, bit: bit &+ slot &* width, mask: mask)) }
            case 2: for slot in 0..<count { frequencies[slot].counts.2 = UInt16(truncatingIfNeeded: value(stream, available, bit: bit &+ slot &* width, mask: mask)) }
            default: for slot in 0..<count { frequencies[slot].counts.3 = UInt16(truncatingIfNeeded: value(stream, available, bit: bit &+ slot &* width, mask: mask)) }
            }
        }
    }

    /// The frequencies of posting `slot` of the block's `count`, read from their bits alone.
    @inline(__always)
    static func frequencies(_ raw: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, count: Int, slot: Int) -> ColumnFrequencies {
        var counts = ColumnFrequencies()
        forEachColumn(raw, at: start, end: end, count: count) { column, width, bit, stream, available in
            counts[column] = UInt16(truncatingIfNeeded: value(stream, available, bit: bit &+ slot &* width, mask: (1 << UInt64(width)) &- 1))
        }
        return counts
    }

    /// Which of the block's `count` postings have a count in one of `columns` (a bit each),
    /// as a mask per posting into `occurs`.
    static func occurrence(_ raw: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, count: Int,
                           in columns: UInt8, to occurs: UnsafeMutablePointer<Bool>) {
        occurs.initialize(repeating: false, count: count)
        forEachColumn(raw, at: start, end: end, count: count) { column, width, bit, stream, available in
            guard columns & (1 << column) != 0 else { return }
            let mask: UInt64 = (1 << UInt64(width)) &- 1
            for slot in 0..<count where value(stream, available, bit: bit &+ slot &* width, mask: mask) != 0 { occurs[slot] = true }
        }
    }

    /// Calls `body` for each column whose counts take bits: the column, its width, the bit
    /// where its counts start, and the block's stream with the bytes available from it.
    /// Nothing when the bytes end within the header.
    @inline(__always)
    private static func forEachColumn(_ raw: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, count: Int,
                                      _ body: (_ column: Int, _ width: Int, _ bit: Int, _ stream: UnsafePointer<UInt8>, _ available: Int) -> Void) {
        guard let base = raw.baseAddress, start + headerSize <= end else { return }
        let stream = base + start
        var bit = headerSize * 8 + count * min(Int(stream[0]), 32)
        for column in 0..<4 {
            let width = min(Int(stream[1 + column]), 16)
            if width > 0 { body(column, width, bit, stream, end - start) }
            bit &+= count * width
        }
    }

    /// The `mask`ed bits at `bit` of the stream's `available` bytes (zeros past them).
    @inline(__always)
    private static func value(_ stream: UnsafePointer<UInt8>, _ available: Int, bit: Int, mask: UInt64) -> UInt64 {
        let byte = bit &>> 3
        var word: UInt64
        if byte &+ 8 <= available {
            word = UInt64(littleEndian: UnsafeRawPointer(stream + byte).loadUnaligned(as: UInt64.self))
        } else {
            word = 0
            var index = byte
            while index < available, index < byte + 8 {
                word |= UInt64(stream[index]) << UInt64(8 * (index - byte))
                index += 1
            }
        }
        return (word &>> UInt64(bit & 7)) & mask
    }

    /// Writes numbers of given widths as one little-endian bit stream.
    private struct BitWriter {
        var pending: UInt64 = 0
        var pendingBits = 0

        mutating func write(_ value: UInt32, width: UInt8, to bytes: inout [UInt8]) {
            guard width > 0 else { return }
            pending |= UInt64(value) << UInt64(pendingBits)
            pendingBits += Int(width)
            while pendingBits >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: pending))
                pending >>= 8
                pendingBits -= 8
            }
        }

        mutating func flush(to bytes: inout [UInt8]) {
            if pendingBits > 0 { bytes.append(UInt8(truncatingIfNeeded: pending)) }
            pending = 0
            pendingBits = 0
        }
    }
}
