/// A set of byte strings that numbers them densely in order of insertion (0, 1, 2, ...) and is
/// looked up from a buffer, with no array made for the key: a tokenizer looks up tens of
/// millions of words it has seen before, and a `Dictionary` would need each as an allocated
/// key, hashed through `Hasher` a call at a time.
///
/// Open addressing with linear probing over a power-of-two table at most half full; each
/// entry keeps its hash, so growing never rehashes the bytes and a probe compares bytes only
/// when the hashes agree. The hash is seeded per table (at random unless a test fixes it), so
/// text written to collide cannot be written ahead of time.
public struct ByteTable: Sendable {
    /// Entry number + 1 per slot; 0 is empty.
    private var slots: [UInt32]
    private var hashes: [UInt64] = []
    /// Entry n's bytes are `bytes[starts[n]..<starts[n + 1]]`.
    private var starts: [Int] = [0]
    private var bytes: [UInt8] = []
    private let seed: UInt64

    public init(seed: UInt64 = UInt64.random(in: .min ... .max)) {
        self.seed = seed
        slots = [UInt32](repeating: 0, count: 1024)
    }

    /// Entries.
    public var count: Int { hashes.count }

    /// The bytes of every key together: what the table holds beyond its slots.
    public var byteCount: Int { bytes.count }

    /// The number of `key`, or nil.
    public func number(of key: UnsafeRawBufferPointer) -> UInt32? {
        let hash = hash(key)
        return probe(key, hash: hash).number
    }

    /// The number of `key`, inserting it (numbered `count`) when new.
    public mutating func insert(_ key: UnsafeRawBufferPointer) -> (number: UInt32, inserted: Bool) {
        let hash = hash(key)
        let (found, slot) = probe(key, hash: hash)
        if let found { return (found, false) }
        let number = UInt32(hashes.count)
        hashes.append(hash)
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        slots[slot] = number + 1
        if hashes.count * 2 > slots.count { grow() }
        return (number, true)
    }

    /// The bytes of entry `number`.
    public func key(_ number: UInt32) -> ArraySlice<UInt8> {
        bytes[starts[Int(number)]..<starts[Int(number) + 1]]
    }

    /// Forgets every entry (numbering starts again at 0), keeping the memory.
    public mutating func removeAll() {
        for i in slots.indices { slots[i] = 0 }
        hashes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        bytes.removeAll(keepingCapacity: true)
    }

    /// The entry holding `key` if any, and the slot where it is or would go.
    private func probe(_ key: UnsafeRawBufferPointer, hash: UInt64) -> (number: UInt32?, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return bytes.withUnsafeBytes { stored in
            while true {
                let entry = slots[slot]
                if entry == 0 { return (nil, slot) }
                let n = Int(entry - 1)
                if hashes[n] == hash {
                    let start = starts[n], length = starts[n + 1] - start
                    if length == key.count && (length == 0 || memoryEqual(stored.baseAddress! + start, key.baseAddress!, length)) {
                        return (UInt32(n), slot)
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private mutating func grow() {
        var grown = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = grown.count - 1
        for (n, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = UInt32(n + 1)
        }
        slots = grown
    }

    /// A multiply-and-rotate hash over 8 bytes at a time, finished with MurmurHash3's mix
    /// (every input bit reaches every output bit), seeded and keyed by the length.
    func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h = seed ^ (UInt64(key.count) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        while i + 8 <= key.count {
            h = ((h ^ key.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD).rotatedLeft(29)
            i += 8
        }
        if i < key.count {
            var tail: UInt64 = 0
            for j in i..<key.count { tail |= UInt64(key[j]) << (8 * UInt64(j - i)) }
            h = ((h ^ tail) &* 0xFF51_AFD7_ED55_8CCD).rotatedLeft(29)
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}

private extension UInt64 {
    func rotatedLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}

/// Byte equality of two buffers of `count` bytes (memcmp without importing the C library).
@inline(__always)
private func memoryEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var i = 0
    while i + 8 <= count {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < count {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}
