/// Bytes as a dictionary key, hashed in one pass over their memory: `[UInt8]`'s own hashing
/// feeds the hasher a byte at a time, which was a tenth of an index build.
public struct ByteKey: Hashable, Sendable {
    public var bytes: [UInt8]

    @inlinable
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    @inlinable
    public static func == (a: ByteKey, b: ByteKey) -> Bool { a.bytes == b.bytes }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        // The length first, as `Array` does, so that keys of different lengths part early.
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
