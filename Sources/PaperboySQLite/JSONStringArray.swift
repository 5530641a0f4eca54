import PaperboyCore

/// JSON arrays of strings, written by hand because it runs for every imported row.
enum JSONStringArray {
    static func encode(_ items: [String]) -> String {
        var out = ""
        JSONText.appendStrings(items, to: &out)
        return out
    }

    /// Reads what `encode` writes (any JSON array of strings). Malformed text yields the
    /// strings read before the damage, never a crash.
    static func decode(_ text: String) -> [String] {
        var items: [String] = []
        var bytes = text.utf8[...]
        guard bytes.popFirst() == UInt8(ascii: "[") else { return [] }
        while let byte = bytes.popFirst() {
            switch byte {
            case UInt8(ascii: "\""):
                guard let item = readString(&bytes) else { return items }
                items.append(item)
            case UInt8(ascii: "]"): return items
            default: continue  // commas and whitespace
            }
        }
        return items
    }

    private static func readString(_ bytes: inout Substring.UTF8View.SubSequence) -> String? {
        // Most strings have no escape: taken whole, up to the closing quote.
        if let end = bytes.firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
           bytes[end] == UInt8(ascii: "\"") {
            let item = String(Substring(bytes[..<end]))
            bytes = bytes[bytes.index(after: end)...]
            return item
        }
        var out: [UInt8] = []
        var pendingHighSurrogate: UInt32?
        while let byte = bytes.popFirst() {
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = bytes.popFirst() else { return nil }
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    let hex = bytes.prefix(4)
                    guard hex.count == 4, let code = UInt32(String(decoding: hex, as: UTF8.self), radix: 16) else { return nil }
                    bytes = bytes.dropFirst(4)
                    var scalarValue = code
                    if (0xD800...0xDBFF).contains(code) { pendingHighSurrogate = code; continue }
                    if (0xDC00...0xDFFF).contains(code), let high = pendingHighSurrogate {
                        scalarValue = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                    }
                    pendingHighSurrogate = nil
                    out.append(contentsOf: String(Unicode.Scalar(scalarValue).map(Character.init) ?? "\u{FFFD}").utf8)
                default: out.append(escape)  // \" \\ \/
                }
            default:
                out.append(byte)
            }
        }
        return nil
    }
}
