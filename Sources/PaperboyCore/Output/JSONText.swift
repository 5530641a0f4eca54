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
        bytes.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
    }

    /// The bytes of a string's contents, escaped, without the quotes.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var start = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte == 0x22 || byte == 0x5C || byte < 0x20 else { continue }
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
        }
        if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
    }
}
