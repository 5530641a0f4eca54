/// A small streaming XML reader: it yields start tags, end tags and text one at a time, so a
/// document of any size is read in constant memory, and it checks that tags nest. Names are
/// local (namespace prefixes dropped) because arXiv's feeds mix default and prefixed
/// namespaces freely. It reads UTF-8 (what arXiv and every feed here send) and decodes the
/// predefined and numeric character references; DTDs are skipped, never fetched or expanded.
struct XMLPullParser {
    enum Event: Equatable {
        case start(name: String, attributes: [String: String])
        case end(name: String)
        case text(String)
    }

    enum Failure: Error, Equatable {
        case input(InputError)
        case syntax(line: Int, message: String)
    }

    private var bytes: ByteStream
    private(set) var line = 1
    /// Open elements, innermost last.
    private(set) var open: [String] = []
    /// A self-closing tag yields its start, then this end.
    private var pendingEnd: String?
    private var sawRoot = false
    /// A text node, CDATA section, attribute value or name longer than this keeps only its
    /// first `maxTextLength` bytes: the rest streams past, so one gigabyte-long text node
    /// costs no memory. Each cut counts in `oversizedTexts`, and the record holding it is
    /// refused (no real field comes near it; abstracts are under 2 kB).
    static let maxTextLength = 1 << 20
    /// Elements open at once, at most: deeper nesting is an attack, not a paper.
    static let maxDepth = 256
    private(set) var oversizedTexts = 0

    init(_ bytes: ByteStream) { self.bytes = bytes }

    mutating func next() throws(Failure) -> Event? {
        if let name = pendingEnd {
            pendingEnd = nil
            _ = open.popLast()
            return .end(name: name)
        }
        while true {
            guard let byte = try read() else {
                if let unclosed = open.last { throw syntax("the document ends before </\(unclosed)>") }
                return nil
            }
            if byte != UInt8(ascii: "<") {
                let text = try readText(startingWith: byte)
                if open.isEmpty {
                    guard text.allSatisfy(\.isWhitespace) else { throw syntax("text outside the root element") }
                    continue
                }
                return .text(text)
            }
            guard let kind = try read() else { throw syntax("the document ends inside a tag") }
            switch kind {
            case UInt8(ascii: "?"):
                try skip(through: Array("?>".utf8))
            case UInt8(ascii: "!"):
                if let event = try readDeclarationOrCDATA() { return event }
            case UInt8(ascii: "/"):
                let name = try readName(startingWith: nil)
                try skipWhitespace()
                guard try read() == UInt8(ascii: ">") else { throw syntax("malformed end tag </\(name)") }
                guard let expected = open.last else { throw syntax("end tag </\(name)> with no open element") }
                guard expected == name else { throw syntax("end tag </\(name)> where </\(expected)> was expected") }
                open.removeLast()
                return .end(name: name)
            default:
                if open.isEmpty && sawRoot { throw syntax("a second root element") }
                let (name, attributes, selfClosing) = try readStartTag(startingWith: kind)
                guard open.count < XMLPullParser.maxDepth else { throw syntax("elements nested more than \(XMLPullParser.maxDepth) deep") }
                sawRoot = true
                open.append(name)
                if selfClosing { pendingEnd = name }
                return .start(name: name, attributes: attributes)
            }
        }
    }

    // MARK: - Pieces

    private func syntax(_ message: String) -> Failure { .syntax(line: line, message: message) }

    private mutating func read() throws(Failure) -> UInt8? {
        do {
            let byte = try bytes.next()
            if byte == 0x0A { line += 1 }
            return byte
        } catch {
            throw .input(error)
        }
    }

    private mutating func peek() throws(Failure) -> UInt8? {
        do { return try bytes.peek() } catch { throw .input(error) }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private mutating func skipWhitespace() throws(Failure) {
        while let b = try peek(), XMLPullParser.isSpace(b) { _ = try read() }
    }

    /// Consumes bytes up to and including `terminator`.
    private mutating func skip(through terminator: [UInt8]) throws(Failure) {
        var matched = 0
        while let b = try read() {
            matched = b == terminator[matched] ? matched + 1 : (b == terminator[0] ? 1 : 0)
            if matched == terminator.count { return }
        }
        throw syntax("the document ends inside a declaration")
    }

    /// Text up to the next `<` (not consumed), with references decoded.
    private mutating func readText(startingWith first: UInt8) throws(Failure) -> String {
        var raw: [UInt8] = [first]
        do {
            let (count, newlines) = try bytes.consume(until: UInt8(ascii: "<"), into: &raw, limit: XMLPullParser.maxTextLength)
            line += newlines
            if count + 1 > XMLPullParser.maxTextLength { oversizedTexts += 1 }
        } catch {
            throw .input(error)
        }
        return XMLPullParser.decodeReferences(raw)
    }

    /// `<!-- comment -->`, `<![CDATA[ text ]]>` or `<!DOCTYPE ...>` (skipped with its internal subset).
    private mutating func readDeclarationOrCDATA() throws(Failure) -> Event? {
        var head: [UInt8] = []
        while head.count < 7, let b = try peek() {
            head.append(b)
            _ = try read()
            if head == Array("--".utf8) {
                try skip(through: Array("-->".utf8))
                return nil
            }
            if head == Array("[CDATA[".utf8) {
                var text: [UInt8] = []
                var cut = false
                // The last three bytes read, to find "]]>" past the cut too.
                var tail: (UInt8, UInt8, UInt8) = (0, 0, 0)
                while let c = try read() {
                    tail = (tail.1, tail.2, c)
                    if tail == (UInt8(ascii: "]"), UInt8(ascii: "]"), UInt8(ascii: ">")) {
                        if cut { oversizedTexts += 1 }
                        return .text(String(decoding: text.count >= 2 && !cut ? text.dropLast(2) : text[...], as: UTF8.self))
                    }
                    if text.count < XMLPullParser.maxTextLength { text.append(c) } else { cut = true }
                }
                throw syntax("the document ends inside CDATA")
            }
            if b == UInt8(ascii: ">") { return nil }
        }
        // A declaration such as DOCTYPE: skip to its closing '>', past any [internal subset].
        var depth = 0
        while let b = try read() {
            if b == UInt8(ascii: "[") { depth += 1 }
            if b == UInt8(ascii: "]") { depth -= 1 }
            if b == UInt8(ascii: ">") && depth <= 0 { return nil }
        }
        throw syntax("the document ends inside a declaration")
    }

    /// An element name comes back local (`arxiv:comment` is `comment`); an attribute name as written.
    private mutating func readName(startingWith first: UInt8?, local: Bool = true) throws(Failure) -> String {
        var raw: [UInt8] = first.map { [$0] } ?? []
        while let b = try peek(), !XMLPullParser.isSpace(b), b != UInt8(ascii: ">"), b != UInt8(ascii: "/"),
              b != UInt8(ascii: "="), b != UInt8(ascii: "<") {
            guard raw.count < 1_024 else { throw syntax("a tag or attribute name over 1 kB") }
            raw.append(b)
            _ = try read()
        }
        guard !raw.isEmpty, !raw.contains(UInt8(ascii: "\"")), !raw.contains(UInt8(ascii: "'")) else {
            throw syntax("a tag or attribute without a valid name")
        }
        let name = String(decoding: raw, as: UTF8.self)
        guard local else { return name }
        return name.split(separator: ":").last.map(String.init) ?? name
    }

    private mutating func readStartTag(startingWith first: UInt8) throws(Failure) -> (String, [String: String], Bool) {
        guard !XMLPullParser.isSpace(first) else { throw syntax("a tag without a name") }
        let name = try readName(startingWith: first)
        var attributes: [String: String] = [:]
        while true {
            try skipWhitespace()
            guard let b = try read() else { throw syntax("the document ends inside <\(name)>") }
            if b == UInt8(ascii: ">") { return (name, attributes, false) }
            if b == UInt8(ascii: "/") {
                guard try read() == UInt8(ascii: ">") else { throw syntax("malformed self-closing tag <\(name)/>") }
                return (name, attributes, true)
            }
            let attribute = try readName(startingWith: b, local: false)
            try skipWhitespace()
            guard try read() == UInt8(ascii: "=") else { throw syntax("attribute \(attribute) of <\(name)> has no value") }
            try skipWhitespace()
            guard let quote = try read(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw syntax("attribute \(attribute) of <\(name)> is not quoted")
            }
            var raw: [UInt8] = []
            var cut = false
            while let c = try read(), c != quote {
                guard c != UInt8(ascii: "<") else { throw syntax("'<' in the value of attribute \(attribute)") }
                if raw.count < XMLPullParser.maxTextLength { raw.append(c) } else { cut = true }
            }
            if cut { oversizedTexts += 1 }
            guard attributes.count < 256 else { throw syntax("more than 256 attributes in <\(name)>") }
            attributes[attribute] = XMLPullParser.decodeReferences(raw)
        }
    }

    private static let named: [String: String] = ["lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'"]

    /// Decodes `&lt;`-style and numeric references; anything else stays as written.
    static func decodeReferences(_ raw: [UInt8]) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        var out = ""
        var i = 0
        var plainStart = 0
        while i < raw.count {
            guard raw[i] == UInt8(ascii: "&"), let semicolon = raw[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                i += 1
                continue
            }
            let body = String(decoding: raw[(i + 1)..<semicolon], as: UTF8.self)
            var replacement: String?
            if let named = named[body] {
                replacement = named
            } else if body.hasPrefix("#x") || body.hasPrefix("#X") {
                replacement = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if body.hasPrefix("#") {
                replacement = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            }
            if let replacement {
                out += String(decoding: raw[plainStart..<i], as: UTF8.self) + replacement
                i = semicolon + 1
                plainStart = i
            } else {
                i += 1
            }
        }
        return out + String(decoding: raw[plainStart...], as: UTF8.self)
    }
}
