/// LEB128: seven bits a byte, low bits first; the high bit says another byte follows (read
/// back inline by `PostingList.decode`, the search's hot loop).
enum Varint {
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// The varint at `offset` (moved past it), reading no further than `end`; nil when the
    /// bytes end first or it runs past five bytes (a damaged record; a fifth byte's bits
    /// beyond 32 are dropped).
    @inline(__always)
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, at offset: inout Int, end: Int) -> UInt32? {
        var value: UInt32 = 0, shift: UInt32 = 0
        while offset < end, shift < 32 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
