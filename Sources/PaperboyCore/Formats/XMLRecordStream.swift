/// Reads an XML document one record at a time: each element named in `recordNames` (and
/// not inside another one) comes back whole, as a tree; everything else streams past. So a
/// response of any size is imported in constant memory, and the records before a damaged
/// part of the file are kept.
struct XMLRecordStream {
    private var parser: XMLPullParser
    private let recordNames: Set<String>
    /// The document's root element, once read.
    private(set) var rootName: String?
    /// True when the record just returned was cut to fit the limits (a text over
    /// `XMLPullParser.maxTextLength`, more than `maxChildren` children): it is refused.
    private(set) var lastRecordOversized = false
    /// Children one element keeps; more stream past (2,000 authors is the field's limit).
    static let maxChildren = 10_000

    init(_ bytes: ByteStream, recordNames: Set<String>) {
        parser = XMLPullParser(bytes)
        self.recordNames = recordNames
    }

    /// The next complete record element, or nil at the end of the document.
    mutating func next() throws(XMLPullParser.Failure) -> XMLElementNode? {
        while let event = try parser.next() {
            guard case let .start(name, attributes) = event else { continue }
            if rootName == nil { rootName = name }
            if recordNames.contains(name) {
                return try readElement(XMLElementNode(name: name, attributes: attributes))
            }
        }
        return nil
    }

    /// Reads the rest of `element`, whose start tag was just read.
    private mutating func readElement(_ element: XMLElementNode) throws(XMLPullParser.Failure) -> XMLElementNode {
        let cutsBefore = parser.oversizedTexts
        lastRecordOversized = false
        var stack = [element]
        while let event = try parser.next() {
            switch event {
            case let .start(name, attributes):
                let child = XMLElementNode(name: name, attributes: attributes)
                if stack[stack.count - 1].children.count < Self.maxChildren {
                    stack[stack.count - 1].children.append(child)
                } else {
                    lastRecordOversized = true
                }
                stack.append(child)
            case .text(let text):
                if stack[stack.count - 1].text.utf8.count + text.utf8.count <= XMLPullParser.maxTextLength {
                    stack[stack.count - 1].text += text
                } else {
                    lastRecordOversized = true
                }
            case .end:
                stack.removeLast()
                if stack.isEmpty {
                    if parser.oversizedTexts != cutsBefore { lastRecordOversized = true }
                    return element
                }
            }
        }
        // The parser reports an unclosed element at the end of the document before this.
        throw .syntax(line: parser.line, message: "the document ends before </\(element.name)>")
    }
}

extension RecordReader {
    /// Every record, for documents already in memory.
    mutating func readAll() -> [ParsedRecord] {
        var records: [ParsedRecord] = []
        while let record = try? next() { records.append(record) }
        return records
    }
}
