#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The graph's file format (version 1), little-endian:
///
///     header (72 bytes): "PBVGRAPH", version, dimensions, m, efConstruction, efSearch,
///         topLevel, entry, reserved (UInt32 each), slotCount, upperCount, randomState,
///         liveCount (UInt64 each)
///     sections, each zero-padded to a multiple of 8 bytes:
///         codes (slotCount × rowLength Int8), scales (Float), keys (UInt32), levels (UInt8),
///         layer-0 links (slotCount × (2m + 1) UInt32), upper starts (UInt32),
///         upper links (upperCount UInt32), tombstone bits (UInt64)
///     checksum (UInt64) of everything before it
///
/// The sections are the in-memory buffers as they are, so writing and loading are copies.
/// A load checks the size, the checksum and every link (a bad link would read out of
/// bounds), so a damaged file throws rather than crashing the server.
enum GraphFile {
    static let magic: [UInt8] = Array("PBVGRAPH".utf8)
    static let version: UInt32 = 1
    static let headerSize = 72

    /// The sections of `storage`, in file order.
    static func sections(_ s: GraphStorage) -> [UnsafeRawBufferPointer] {
        let n = s.slotCount
        return [
            UnsafeRawBufferPointer(start: s.codes.base, count: n * s.rowLength),
            UnsafeRawBufferPointer(start: s.scales.base, count: n * 4),
            UnsafeRawBufferPointer(start: s.keys.base, count: n * 4),
            UnsafeRawBufferPointer(start: s.levels.base, count: n),
            UnsafeRawBufferPointer(start: s.links0.base, count: n * (s.m0 + 1) * 4),
            UnsafeRawBufferPointer(start: s.upperStart.base, count: n * 4),
            UnsafeRawBufferPointer(start: s.upperLinks.base, count: s.upperCount * 4),
            UnsafeRawBufferPointer(start: s.deleted.base, count: (n + 63) / 64 * 8),
        ]
    }

    static func padded(_ count: Int) -> Int { (count + 7) / 8 * 8 }

    static func header(_ s: GraphStorage, efSearch: Int) -> [UInt8] {
        var bytes = magic
        func put<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        put(version)
        put(UInt32(s.dimensions))
        put(UInt32(s.m))
        put(UInt32(s.efConstruction))
        put(UInt32(efSearch))
        put(Int32(s.topLevel))
        put(s.entry)
        put(UInt32(0))
        put(UInt64(s.slotCount))
        put(UInt64(s.upperCount))
        put(s.randomState)
        put(UInt64(s.liveCount))
        return bytes
    }

    // MARK: Writing

    /// Writes atomically (`AtomicFile`): the header, each section padded to 8 bytes, the checksum.
    static func write(_ s: GraphStorage, efSearch: Int, to path: String) throws {
        do {
            try AtomicFile.write(to: path) { write in
                var checksum = Checksum()
                let head = header(s, efSearch: efSearch)
                try head.withUnsafeBytes { bytes in
                    checksum.update(bytes)
                    try write(bytes)
                }
                let zeros = [UInt8](repeating: 0, count: 8)
                for section in sections(s) {
                    checksum.update(section)
                    try write(section)
                    let padding = padded(section.count) - section.count
                    if padding > 0 {
                        try zeros.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[0..<padding])) }
                    }
                }
                try withUnsafeBytes(of: checksum.value.littleEndian) { try write($0) }
            }
        } catch let failure as AtomicFile.Failure {
            throw VectorGraphError.io(failure.description, errno: 0)
        }
    }
}
