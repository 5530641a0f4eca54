/// JSON text written by hand, for the hot paths (every imported row, every API response),
/// where `JSONEncoder` costs more than the work around it.
public enum JSONText {
    /// Appends `value` as a JSON string literal.
    public static func appendString(_ value: String, to out: inout String) {
        out += "\""
        // On UTF-8 bytes: every byte of a multi-byte scalar is 0x80 or above, so only ASCII
        // quotes, backslashes and controls are escaped, and the runs between them are
        // appended whole (a scalar at a time cost most of an API response's time). Most
        // values need no escape at all and are appended as they are, without a copy first.
        var value = value
        let plain = value.withUTF8 { bytes in !bytes.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 } }
        if plain {
            out += value
            out += "\""
            return
        }
        value.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte == 0x22 || byte == 0x5C || byte < 0x20 else { continue }
                if start < index { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) }
                switch byte {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                default:
                    let hex = String(byte, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
                start = index + 1
            }
            if start < bytes.count { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self) }
        }
        out += "\""
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
}
