import Foundation

/// A paper's similar papers as stored in `similar_lists.papers`: for each, its primary key
/// (8 bytes) and score (4 bytes, a Float), little-endian, best first.
struct SimilarList: Equatable {
    var entries: [(pk: Int64, score: Float)]

    init(entries: [(pk: Int64, score: Float)]) { self.entries = entries }

    /// Decodes a stored list; trailing bytes that do not make a whole entry are ignored.
    init(data: Data) {
        let bytes = [UInt8](data)
        let count = bytes.count / 12
        entries = (0..<count).map { i in
            let base = i * 12
            var pk: UInt64 = 0
            for j in 0..<8 { pk |= UInt64(bytes[base + j]) << (8 * UInt64(j)) }
            var bits: UInt32 = 0
            for j in 0..<4 { bits |= UInt32(bytes[base + 8 + j]) << (8 * UInt32(j)) }
            return (Int64(bitPattern: pk), Float(bitPattern: bits))
        }
    }

    var data: Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 12)
        for entry in entries {
            let pk = UInt64(bitPattern: entry.pk), bits = entry.score.bitPattern
            for j in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: pk >> (8 * UInt64(j)))) }
            for j in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(j)))) }
        }
        return Data(bytes)
    }

    static func == (lhs: SimilarList, rhs: SimilarList) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.pk == $1.pk && $0.score == $1.score }
    }
}
