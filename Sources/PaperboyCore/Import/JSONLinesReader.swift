import Foundation

/// Reads a JSON Lines file one line at a time; each non-blank line is one record.
public struct JSONLinesReader: RecordReader {
    public typealias Transform = (Data) throws -> PaperDraft
    private var lines: LineReader
    private let transform: Transform

    public init(file: InputFile, transform: @escaping Transform) {
        self.lines = LineReader(file: file)
        self.transform = transform
    }

    public mutating func next() throws(InputError) -> ParsedRecord? {
        while let line = try lines.nextLine() {
            let location = RecordLocation.line(lines.lineNumber)
            if let length = lines.oversizedLength {
                return .invalid(RecordIssue(location, .tooLarge("a line of \(length) bytes (at most \(lines.maxLineLength))")))
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do {
                return ParsedRecord(try transform(Data(line)), at: location)
            } catch let reason as RecordIssue.Reason {
                return .invalid(RecordIssue(location, reason))
            } catch {
                return .invalid(RecordIssue(location, .malformed(JSONLinesReader.explain(error))))
            }
        }
        return nil
    }

    /// A short, human message for a JSON decoding error (the default descriptions are long).
    static func explain(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : keys.joined(separator: ".") + ": "
        }
        switch decoding {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context))\(context.debugDescription)"
        case let .typeMismatch(type, context): return "\(path(context))expected \(JSONLinesReader.name(of: type))"
        case let .valueNotFound(type, context): return "\(path(context))expected \(JSONLinesReader.name(of: type))"
        case let .keyNotFound(key, _): return "missing \(key.stringValue)"
        @unknown default: return "not valid JSON"
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is [String].Type: "a list of strings"
        default: "\(type)"
        }
    }
}
