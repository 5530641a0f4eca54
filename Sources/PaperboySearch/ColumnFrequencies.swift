import PaperboyCore

/// How often a term occurs in each column of one paper (title, abstract, authors,
/// categories, as `TextIndex.Column` numbers them). A column holds at most 64 KiB of text,
/// so a count fits 16 bits.
struct ColumnFrequencies: Hashable, Sendable {
    var counts: (UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0)

    subscript(column: Int) -> UInt16 {
        get {
            switch column {
            case 0: counts.0
            case 1: counts.1
            case 2: counts.2
            default: counts.3
            }
        }
        set {
            switch column {
            case 0: counts.0 = newValue
            case 1: counts.1 = newValue
            case 2: counts.2 = newValue
            default: counts.3 = newValue
            }
        }
    }

    static func == (a: ColumnFrequencies, b: ColumnFrequencies) -> Bool { a.counts == b.counts }

    func hash(into hasher: inout Hasher) {
        hasher.combine(counts.0); hasher.combine(counts.1); hasher.combine(counts.2); hasher.combine(counts.3)
    }

    mutating func formMaximum(_ other: ColumnFrequencies) {
        for column in 0..<4 { self[column] = Swift.max(self[column], other[column]) }
    }

    /// bm25's `f` for a phrase allowed in `columns` (a bit per column): the weighted count of
    /// its occurrences there.
    @inline(__always)
    func weighted(_ columns: UInt8, _ weights: ColumnWeights) -> Double {
        var f = 0.0
        if columns & 1 != 0 { f += Double(counts.0) * weights.values.0 }
        if columns & 2 != 0 { f += Double(counts.1) * weights.values.1 }
        if columns & 4 != 0 { f += Double(counts.2) * weights.values.2 }
        if columns & 8 != 0 { f += Double(counts.3) * weights.values.3 }
        return f
    }

    /// Whether the term occurs in any of `columns`.
    func occurs(in columns: UInt8) -> Bool {
        for column in 0..<4 where columns & (1 << column) != 0 && self[column] > 0 { return true }
        return false
    }

    /// A byte of which columns are non-zero, then each non-zero count as a varint (read back
    /// by `PostingList.decode`).
    func encode(to bytes: inout [UInt8]) {
        var mask: UInt8 = 0
        for column in 0..<4 where self[column] > 0 { mask |= 1 << column }
        bytes.append(mask)
        for column in 0..<4 where self[column] > 0 { Varint.append(UInt32(self[column]), to: &bytes) }
    }
}
