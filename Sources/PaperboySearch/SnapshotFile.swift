import Foundation
import PaperboyVectors

/// An index snapshot on disk: a header (magic, format version, the body's length and
/// checksum) and the body. Written whole to a temporary file, flushed, then renamed over the
/// old one (`AtomicFile`), so a crash at any moment leaves either the old snapshot or the new one; read
/// through a memory map and checked, so a damaged file is reported (and rebuilt) rather than
/// trusted.
enum SnapshotFile {
    struct Unusable: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ body: [UInt8], magic: UInt32, version: UInt32, to path: String) throws {
        var header = SnapshotWriter()
        header.write(magic)
        header.write(version)
        header.write(UInt64(body.count))
        header.write(checksum(body))
        try AtomicFile.write(to: path) { write in
            try header.bytes.withUnsafeBytes { try write($0) }
            try body.withUnsafeBytes { try write($0) }
        }
    }

    /// The body of the snapshot at `path`, to `read`, or an error saying why it is unusable.
    static func read<T>(_ path: String, magic: UInt32, version: UInt32, _ read: (inout SnapshotReader) throws -> T) throws -> T {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw Unusable(description: "cannot read \(path): \(error.localizedDescription)")
        }
        return try data.withUnsafeBytes { bytes in
            var header = SnapshotReader(bytes)
            guard try header.read(UInt32.self) == magic else { throw Unusable(description: "\(path) is not an index snapshot") }
            let found = try header.read(UInt32.self)
            guard found == version else { throw Unusable(description: "\(path) has format \(found), this version reads \(version)") }
            let length = try header.read(UInt64.self), sum = try header.read(UInt64.self)
            let body = UnsafeRawBufferPointer(rebasing: bytes[header.position...])
            guard length == UInt64(body.count) else { throw Unusable(description: "\(path) is truncated") }
            guard checksum(body) == sum else { throw Unusable(description: "\(path) is damaged (checksum)") }
            var reader = SnapshotReader(body)
            return try read(&reader)
        }
    }

    /// A 64-bit checksum, eight bytes a step (a multiply-xor mix): it catches damage, it is
    /// no defence against someone who can write the file.
    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var position = 0
        while position + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 29
            position += 8
        }
        while position < bytes.count {
            hash = (hash ^ UInt64(bytes[position])) &* 0x100_0000_01B3
            position += 1
        }
        return hash
    }
}
