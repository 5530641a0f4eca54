import PaperboyVectors

/// An index snapshot on disk: a header (magic, format version, the body's length and
/// checksum) and the body. Written whole through `AtomicFile`, so a crash at any moment leaves
/// either the old snapshot or the new one; read through a memory map and checked, so a
/// damaged file is reported (and rebuilt) rather than trusted.
enum SnapshotFile {
    struct Unusable: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ body: [UInt8], magic: UInt32, version: UInt32, to path: String) throws {
        var header = SnapshotWriter()
        header.write(magic)
        header.write(version)
        header.write(UInt64(body.count))
        header.write(body.withUnsafeBytes { Checksum.of($0) })
        try AtomicFile.write(to: path) { write in
            try header.bytes.withUnsafeBytes { try write($0) }
            try body.withUnsafeBytes { try write($0) }
        }
    }

    /// The body of the snapshot at `path`, to `read` with the mapping it lies in (which `read`
    /// may keep, to read parts of the body in place later), or an error saying why it is
    /// unusable. The pages read while loading are let go afterwards.
    static func read<T>(_ path: String, magic: UInt32, version: UInt32,
                        _ read: (inout SnapshotReader, SnapshotMapping) throws -> T) throws -> T {
        let mapping: SnapshotMapping
        do { mapping = try SnapshotMapping(path: path) } catch {
            throw Unusable(description: "\(error)")
        }
        defer { mapping.releasePages() }
        let bytes = mapping.bytes
        var header = SnapshotReader(bytes)
        guard try header.read(UInt32.self) == magic else { throw Unusable(description: "\(path) is not an index snapshot") }
        let found = try header.read(UInt32.self)
        guard found == version else { throw Unusable(description: "\(path) has format \(found), this version reads \(version)") }
        let length = try header.read(UInt64.self), sum = try header.read(UInt64.self)
        let body = UnsafeRawBufferPointer(rebasing: bytes[header.position...])
        guard length == UInt64(body.count) else { throw Unusable(description: "\(path) is truncated") }
        guard Checksum.of(body) == sum else { throw Unusable(description: "\(path) is damaged (checksum)") }
        var reader = SnapshotReader(body)
        return try read(&reader, mapping)
    }
}
