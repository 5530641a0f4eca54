/// A growing byte array whose first part may be read in place from a memory-mapped snapshot
/// (`SnapshotMapping`): that part is never copied or changed, and what is appended after
/// loading goes to an owned tail. A posting list or a position record lies wholly in one
/// part (loading moves an open block's bytes to the tail), so a reader asks for the part
/// holding an offset and reads on to that part's end.
///
/// Why: a snapshot read into arrays keeps every posting and position resident for as long
/// as the server runs (80 MB at 93k papers); mapped, only the pages searches read are.
struct MappedBytes: @unchecked Sendable {
    // @unchecked: `mapped` points into a read-only mapping that the index holding these bytes
    // keeps alive (`KeywordIndex.mapping`), and is never written.
    private var mapped: UnsafePointer<UInt8>?
    private var mappedCount = 0
    private(set) var tail: [UInt8] = []

    init() {}

    /// Bytes read in place: `mapped` must outlive every copy of these bytes.
    init(mapped: UnsafeRawBufferPointer, tail: [UInt8] = []) {
        self.mapped = mapped.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
        mappedCount = mapped.count
        self.tail = tail
    }

    init(_ owned: [UInt8]) { tail = owned }

    var count: Int { mappedCount + tail.count }

    /// Appends through `body` (to the owned tail).
    mutating func appending<R>(_ body: (inout [UInt8]) -> R) -> R { body(&tail) }

    /// Replaces the bytes from `offset` on, which must lie in the owned tail, with `bytes`.
    mutating func replaceTail(from offset: Int, with bytes: [UInt8]) {
        precondition(offset >= mappedCount && offset <= count, "only the owned tail changes")
        tail.replaceSubrange((offset - mappedCount)..., with: bytes)
    }

    /// Calls `body` with the part holding `offset` (through its end) and the offset within it.
    @inline(__always)
    func withPart<R>(holding offset: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> R) -> R {
        if offset < mappedCount, let mapped {
            return body(UnsafeBufferPointer(start: mapped, count: mappedCount), offset)
        }
        return tail.withUnsafeBufferPointer { body($0, offset - mappedCount) }
    }

    /// Writes both parts as one array (`SnapshotWriter.write(_: [UInt8])`'s format).
    func write(to writer: inout SnapshotWriter) {
        writer.write(UInt64(count))
        if let mapped { writer.append(UnsafeRawBufferPointer(start: mapped, count: mappedCount)) }
        writer.append(tail)
    }
}
