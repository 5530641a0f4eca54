/// Strings kept end to end in one byte array, each made into a `String` only when read.
///
/// A vocabulary of 300,000 word pairs as `[String]` is 300,000 small allocations of about 48
/// bytes each, made while the fit frees millions of others beside them, so the heap stays
/// fragmented for as long as the server lives; here it is two arrays.
public struct PackedStrings: RandomAccessCollection, Sendable, Equatable {
    private var bytes: [UInt8] = []
    /// Where each string ends in `bytes`.
    private var ends: [UInt32] = []

    public init() {}

    public mutating func append(_ utf8: some Sequence<UInt8>) {
        bytes.append(contentsOf: utf8)
        precondition(bytes.count <= Int(UInt32.max), "PackedStrings holds at most 4 GiB")
        ends.append(UInt32(bytes.count))
    }

    /// Keeps exactly the room in use (an array grown by appending may keep twice that).
    public mutating func compact() {
        bytes = bytes.exactlySized()
        ends = ends.exactlySized()
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    public subscript(position: Int) -> String {
        let start = position == 0 ? 0 : Int(ends[position - 1])
        return String(decoding: bytes[start..<Int(ends[position])], as: UTF8.self)
    }
}
