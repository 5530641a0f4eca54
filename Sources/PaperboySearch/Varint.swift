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
}
