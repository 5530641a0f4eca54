/// Reads the entries of a BibTeX file as reference managers write them (Zotero, Mendeley,
/// Google Scholar, JabRef): `@type{key, field = {value} | "value" | 2024 | macro # ..., }`,
/// with `@string` macros, `@comment` and `@preamble` skipped, braces nested in values, and
/// parentheses instead of braces around an entry. Works on UTF-8 bytes, so no text can
/// confuse it; a malformed entry is reported with its line and skipped, and reading goes on
/// at the next `@`.
public struct BibTeXReader {
    public struct Entry: Sendable, Equatable {
        public var type: String
        public var key: String
        /// Field names in lower case; values as written, braces kept.
        public var fields: [String: String]
        public var line: Int
    }

    public static let maximumEntries = 100_000
    static let maximumValueBytes = 1 << 20
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var macros: [String: String] = [
        "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
        "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
    ]

    struct Malformed: Error {
        var reason: String
    }

    public static func entries(in text: String) -> (entries: [Entry], problems: [String]) {
        var reader = BibTeXReader(bytes: Array(text.utf8))
        return reader.readAll()
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func readAll() -> (entries: [Entry], problems: [String]) {
        var entries: [Entry] = []
        var problems: [String] = []
        while skip(to: UInt8(ascii: "@")) {
            let start = line
            position += 1
            let resume = position
            do {
                if let entry = try readEntry(startingAt: start) {
                    guard entries.count < Self.maximumEntries else {
                        problems.append("line \(start): more than \(Self.maximumEntries) entries; the rest is ignored")
                        break
                    }
                    entries.append(entry)
                }
            } catch {
                problems.append("line \(start): \((error as? Malformed)?.reason ?? "\(error)")")
                // Go on from just after this @, so one unclosed brace loses one entry, not the rest.
                position = resume
                line = start
            }
        }
        return (entries, problems)
    }

    /// Moves to the next `byte` (counting lines); false at the end.
    private mutating func skip(to byte: UInt8) -> Bool {
        while position < bytes.count {
            if bytes[position] == byte { return true }
            if bytes[position] == UInt8(ascii: "\n") { line += 1 }
            position += 1
        }
        return false
    }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80
            || [UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "'")].contains(b)
    }

    private mutating func name() -> String {
        let start = position
        while position < bytes.count, Self.isNameByte(bytes[position]), position - start < 1_000 { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { throw Malformed(reason: "expected \(what)") }
        position += 1
    }

    private mutating func readEntry(startingAt start: Int) throws -> Entry? {
        skipSpace()
        let type = name().lowercased()
        guard !type.isEmpty else { throw Malformed(reason: "an @ with no entry type") }
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") || bytes[position] == UInt8(ascii: "(") else {
            throw Malformed(reason: "expected { after @\(type)")
        }
        let close = bytes[position] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
        switch type {
        case "comment", "preamble":
            _ = try balanced(from: bytes[position], to: close)
            return nil
        case "string":
            position += 1
            let (macro, value) = try field()
            macros[macro] = value
            try expect(close, "the end of @string")
            return nil
        default:
            break
        }
        position += 1
        skipSpace()
        let key = name()
        var fields: [String: String] = [:]
        while true {
            skipSpace()
            guard position < bytes.count else { throw Malformed(reason: "the entry \(key) does not end") }
            if bytes[position] == close { position += 1; break }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            let (fieldName, value) = try field()
            fields[fieldName] = value
        }
        return Entry(type: type, key: key, fields: fields, line: start)
    }

    /// `name = value # value ...`
    private mutating func field() throws -> (String, String) {
        skipSpace()
        let fieldName = name().lowercased()
        guard !fieldName.isEmpty else { throw Malformed(reason: "expected a field name") }
        try expect(UInt8(ascii: "="), "= after \(fieldName)")
        var value = ""
        while true {
            skipSpace()
            guard position < bytes.count else { throw Malformed(reason: "the field \(fieldName) has no value") }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                value += try balanced(from: UInt8(ascii: "{"), to: UInt8(ascii: "}"))
            case UInt8(ascii: "\""):
                value += try quoted()
            default:
                let word = name()
                guard !word.isEmpty else { throw Malformed(reason: "the field \(fieldName) has no value") }
                value += macros[word.lowercased()] ?? word
            }
            guard value.utf8.count <= Self.maximumValueBytes else { throw Malformed(reason: "the field \(fieldName) is longer than 1 MiB") }
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "#") { position += 1; continue }
            return (fieldName, value)
        }
    }

    /// The text between an opening byte and its matching close, nested braces kept.
    private mutating func balanced(from open: UInt8, to close: UInt8) throws -> String {
        position += 1
        let start = position
        var depth = 0
        while position < bytes.count {
            let b = bytes[position]
            if b == 0x0A { line += 1 }
            if b == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] != 0x0A {
                position += 2
                continue
            }
            if b == UInt8(ascii: "{") {
                depth += 1
                guard depth <= Self.maximumDepth else { throw Malformed(reason: "braces nested deeper than \(Self.maximumDepth)") }
            } else if b == close, depth == 0 {
                position += 1
                return String(decoding: bytes[start..<position - 1], as: UTF8.self)
            } else if b == UInt8(ascii: "}") {
                depth -= 1
                guard depth >= 0 else { throw Malformed(reason: "an unmatched }") }
            }
            position += 1
        }
        throw Malformed(reason: "a value does not end")
    }

    /// `"..."`, where a quote inside braces does not end the value.
    private mutating func quoted() throws -> String {
        position += 1
        let start = position
        var depth = 0
        while position < bytes.count {
            let b = bytes[position]
            if b == 0x0A { line += 1 }
            if b == UInt8(ascii: "{") { depth += 1 } else if b == UInt8(ascii: "}") { depth -= 1 }
            if b == UInt8(ascii: "\""), depth <= 0 {
                position += 1
                return String(decoding: bytes[start..<position - 1], as: UTF8.self)
            }
            position += 1
        }
        throw Malformed(reason: "a quoted value does not end")
    }
}
