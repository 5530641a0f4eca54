import Foundation

/// Writes an index snapshot: little-endian integers and arrays prefixed by their count,
/// into one growing buffer written to disk at once (see `SnapshotFile`).
struct SnapshotWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Double) { write(value.bitPattern) }

    mutating func write(_ bytes: [UInt8]) {
        write(UInt64(bytes.count))
        self.bytes.append(contentsOf: bytes)
    }

    mutating func write(_ string: String) { write(Array(string.utf8)) }

    /// Bytes with no count before them.
    mutating func append(_ raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    /// An array of fixed-width integers, as one block of bytes.
    mutating func write<T: FixedWidthInteger>(array: [T]) {
        write(UInt64(array.count))
        for value in array { write(value) }
    }
}

/// Reads what `SnapshotWriter` wrote, checking every length against what is left, so a
/// truncated or damaged file is an error (and a rebuild), never a crash or a huge allocation.
struct SnapshotReader {
    struct Damaged: Error, CustomStringConvertible {
        var description: String
    }

    private let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw Damaged(description: "the snapshot ends early") }
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[position..<position + size])) }
        position += size
        return T(littleEndian: value)
    }

    mutating func readDouble() throws -> Double { Double(bitPattern: try read(UInt64.self)) }

    /// A count of elements of `size` bytes each, no more than the bytes left could hold.
    mutating func readCount(elementSize size: Int) throws -> Int {
        let count = try read(UInt64.self)
        guard count <= UInt64(remaining / max(1, size)) else { throw Damaged(description: "a length in the snapshot exceeds the file") }
        return Int(count)
    }

    mutating func readBytes() throws -> [UInt8] { Array(try readBytesInPlace()) }

    /// An array as `readBytes` reads it, but in place: the bytes stay where the reader's
    /// buffer has them.
    mutating func readBytesInPlace() throws -> UnsafeRawBufferPointer {
        let count = try readCount(elementSize: 1)
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<position + count])
    }

    mutating func readString() throws -> String {
        String(decoding: try readBytes(), as: UTF8.self)
    }

    mutating func readArray<T: FixedWidthInteger>(of _: T.Type) throws -> [T] {
        let count = try readCount(elementSize: MemoryLayout<T>.size)
        var array = [T]()
        array.reserveCapacity(count)
        for _ in 0..<count { array.append(try read(T.self)) }
        return array
    }
}
