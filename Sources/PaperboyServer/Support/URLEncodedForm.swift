/// The fields of an `application/x-www-form-urlencoded` text: a form body or a URL's query
/// string, read by the same rules, since a browser sends a GET form as the query string
/// (`au:Yang video` arrives as `q=au%3AYang+video`). `+` is a space and `%XX` a byte; the
/// bytes are then read as UTF-8 (invalid sequences become U+FFFD). The first value of a
/// repeated field wins.
struct URLEncodedForm {
    private var fields: [String: String] = [:]
    /// Fields given more than once.
    private(set) var repeated: Set<String> = []

    init(_ body: String) {
        for pair in body.utf8.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            if fields[key] == nil { fields[key] = parts.count > 1 ? Self.decode(parts[1]) : "" } else { repeated.insert(key) }
        }
    }

    subscript(_ key: String) -> String? { fields[key] }

    var all: [String: String] { fields }

    static func decode(_ bytes: Substring.UTF8View.SubSequence) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = bytes.index(i, offsetBy: 1, limitedBy: bytes.endIndex), high < bytes.endIndex,
                      let low = bytes.index(i, offsetBy: 2, limitedBy: bytes.endIndex), low < bytes.endIndex,
                      let h = hexValue(bytes[high]), let l = hexValue(bytes[low]) {
                out.append(h << 4 | l)
                i = low
            } else {
                out.append(byte)
            }
            i = bytes.index(after: i)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
