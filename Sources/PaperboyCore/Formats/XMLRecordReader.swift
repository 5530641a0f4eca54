/// Turns a stream of record elements into parsed records, reporting a damaged document as
/// one invalid record after the good ones, and a document of the wrong kind as one too.
struct XMLRecordReader: RecordReader {
    typealias Convert = (XMLElementNode, RecordLocation) -> ParsedRecord
    private var stream: XMLRecordStream
    private let expectedRoot: String
    private let describe: String
    private let convert: Convert
    private var count = 0
    private var finished = false

    init(_ bytes: ByteStream, recordNames: Set<String>, expectedRoot: String, describe: String, convert: @escaping Convert) {
        stream = XMLRecordStream(bytes, recordNames: recordNames)
        self.expectedRoot = expectedRoot
        self.describe = describe
        self.convert = convert
    }

    mutating func next() throws(InputError) -> ParsedRecord? {
        guard !finished else { return nil }
        do {
            if let element = try stream.next(), stream.rootName == expectedRoot {
                count += 1
                if stream.lastRecordOversized {
                    return .invalid(RecordIssue(.record(count), .tooLarge("a text or list over the parser's limits")))
                }
                return convert(element, .record(count))
            }
        } catch {
            finished = true
            switch error {
            case .input(let failure): throw failure
            case let .syntax(line, message):
                return .invalid(RecordIssue(.record(count + 1), .malformed("XML error at line \(line): \(message)")))
            }
        }
        finished = true
        if let root = stream.rootName, root != expectedRoot {
            return .invalid(RecordIssue(.record(1), .malformed("not \(describe) (the root element is <\(root)>)")))
        }
        if stream.rootName == nil {
            return .invalid(RecordIssue(.record(1), .malformed("no XML element found")))
        }
        return nil
    }
}
