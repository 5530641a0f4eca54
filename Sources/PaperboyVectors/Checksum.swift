/// A fast 64-bit checksum of an index file, the vector graph's and the keyword snapshot's
/// (8 bytes per step, so checking a 1.5 GB file takes a fraction of a second). It catches
/// torn and flipped bytes, not tampering.
public struct Checksum {
    public private(set) var value: UInt64 = 0x243F_6A88_85A3_08D3

    public init() {}

    /// The checksum of `bytes` alone.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var checksum = Checksum()
        checksum.update(bytes)
        return checksum.value
    }

    /// Adds `bytes`, read as little-endian words, the last one zero-padded.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let words = bytes.count / 8
        var h = value
        for i in 0..<words {
            h = mix(h, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
        }
        let rest = bytes.count % 8
        if rest > 0 {
            var last: UInt64 = 0
            for j in 0..<rest { last |= UInt64(base.load(fromByteOffset: words * 8 + j, as: UInt8.self)) << (8 * j) }
            h = mix(h, last)
        }
        value = h
    }

    @inline(__always) private func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let x = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
        return x ^ (x >> 29)
    }
}
