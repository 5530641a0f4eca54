/// Escaping for XML and HTML text and attribute values: the one escape every page, feed and
/// email goes through.
///
/// It works on UTF-8 bytes, never on `Character`s: a `"` followed by a combining mark
/// (U+0338) is one `Character` that equals no quote, yet a browser reads its first scalar as
/// the quote that ends an attribute. Byte by byte, every `"` is seen.
public enum XMLText {
    /// `&`, `<`, `>`, `"`, `'` and `` ` `` as entities; characters XML 1.0 forbids (C0
    /// controls but tab, LF and CR; U+FFFE, U+FFFF) dropped, since no escape can carry them.
    public static func escaped(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(where: needsWork) else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                switch byte {
                case UInt8(ascii: "&"): out += "&amp;".utf8
                case UInt8(ascii: "<"): out += "&lt;".utf8
                case UInt8(ascii: ">"): out += "&gt;".utf8
                case UInt8(ascii: "\""): out += "&quot;".utf8
                case UInt8(ascii: "'"): out += "&#39;".utf8
                case UInt8(ascii: "`"): out += "&#96;".utf8
                case 0x09, 0x0A, 0x0D: out.append(byte)
                case 0..<0x20: break
                case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                    i += 2 // U+FFFE, U+FFFF
                default: out.append(byte)
                }
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func needsWork(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"): true
        case 0x09, 0x0A, 0x0D: false
        case 0..<0x20, 0xEF: true
        default: false
        }
    }
}
