import PaperboyCore

/// JSON arrays of strings, written by hand because it runs for every imported row.
enum JSONStringArray {
    static func encode(_ items: [String]) -> String {
        var out = ""
        JSONText.appendStrings(items, to: &out)
        return out
    }

    /// Reads what `encode` writes (any JSON array of strings). Malformed text yields the
    /// strings read before the damage, never a crash. Read through the text's UTF-8 buffer:
    /// a search page decodes three arrays for each of its papers.
    static func decode(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { decode(bytes: $0) }
    }

    private static func decode(bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var items: [String] = []
        guard bytes.first == UInt8(ascii: "[") else { return [] }
        // Room for every string at once (two quotes each; escaped ones only overcount).
        items.reserveCapacity(bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) } / 2)
        var position = 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let item = readString(bytes, &position) else { return items }
                items.append(item)
            case UInt8(ascii: "]"): return items
            default: continue  // commas and whitespace
            }
        }
        return items
    }

    /// The string whose opening quote is just before `position`, which moves past its
    /// closing quote; nil when the text ends first or an escape is malformed.
    private static func readString(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> String? {
        // Most strings have no escape: taken whole, up to the closing quote.
        var end = position
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
        guard end < bytes.count else { return nil }
        if bytes[end] == UInt8(ascii: "\"") {
            defer { position = end + 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
        }
        var out = Array(bytes[position..<end])
        position = end
        var pendingHighSurrogate: UInt32?
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count,
                          let code = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + 4]), as: UTF8.self), radix: 16)
                    else { return nil }
                    position += 4
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
