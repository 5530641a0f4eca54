/// JSON text written by hand, for the hot paths (every imported row, every API response),
/// where `JSONEncoder` costs more than the work around it. Escaping works on UTF-8 bytes:
/// every byte of a multi-byte scalar is 0x80 or above, so only ASCII quotes, backslashes and
/// controls are escaped, and the runs between them are copied whole (a scalar at a time cost
/// most of an API response's time).
public enum JSONText {
    /// Appends `value` as a JSON string literal to UTF-8 bytes (an API response).
    public static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { appendEscaped($0, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    public static func appendString(_ value: String?, to out: inout [UInt8]) {
        if let value { appendString(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    public static func appendStrings(_ values: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendString(value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Appends `value` as a JSON string literal to text. Most values need no escape and are
    /// appended as they are, without a copy first.
    public static func appendString(_ value: String, to out: inout String) {
        var value = value
        if value.withUTF8({ !needsEscape($0) }) {
            out += "\""
            out += value
            out += "\""
        } else {
            var bytes: [UInt8] = []
            appendString(value, to: &bytes)
            out += String(decoding: bytes, as: UTF8.self)
        }
    }

    public static func appendString(_ value: String?, to out: inout String) {
        if let value { appendString(value, to: &out) } else { out += "null" }
    }

    public static func appendStrings(_ values: [String], to out: inout String) {
        out += "["
        for (i, value) in values.enumerated() {
            if i > 0 { out += "," }
            appendString(value, to: &out)
        }
        out += "]"
    }

    private static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        firstSpecial(in: bytes, from: 0) < bytes.count
    }

    /// The bytes of a string's contents, escaped, without the quotes.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var start = 0
        var index = firstSpecial(in: bytes, from: 0)
        while index < bytes.count {
            let byte = bytes[index]
            if start < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
            switch byte {
            case 0x22: out.append(contentsOf: #"\""#.utf8)
            case 0x5C: out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            default:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
            start = index + 1
            index = firstSpecial(in: bytes, from: start)
        }
        if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
    }

    /// The index of the first quote, backslash or control at or after `from` (`bytes.count`
    /// when there is none). Eight bytes at a time (an abstract is a thousand bytes with
    /// nothing to escape, and a byte at a time was a quarter of writing a page's JSON):
    /// in `mask`, the high bit of each byte that is below 0x20, 0x22 or 0x5C is set. A
    /// borrow only runs towards higher bytes, so the lowest set bit is exact, and bytes of
    /// multi-byte scalars (0x80 and above) are never taken.
    static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }
        var index = from
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let mask = ((word &- ones &* 0x20) & ~word & highs) | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
                if mask != 0 { return index + mask.trailingZeroBitCount / 8 }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 { return index }
            index += 1
        }
        return bytes.count
    }
}
