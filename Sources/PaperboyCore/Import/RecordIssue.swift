
/// A record that could not be imported, and why. Reported and skipped; the rest goes on.
public struct RecordIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Error, Hashable, Sendable, CustomStringConvertible {
        case malformed(String)
        case missingField(String)
        case invalidID(String)
        case badDate(field: String, value: String)
        case invalidValue(field: String, value: String)
        case sourceError(String)
        /// Over a size limit: the record, or one of its fields.
        case tooLarge(String)

        public var description: String {
            switch self {
            case .malformed(let detail): "malformed record: \(detail)"
            case .missingField(let field): "missing \(field)"
            case .invalidID(let id): "invalid arXiv id \(Self.quoted(id))"
            case let .badDate(field, value): "bad \(field) date \(Self.quoted(value))"
            case let .invalidValue(field, value): "invalid \(field) \(Self.quoted(value))"
            case .sourceError(let message): "the source reported an error: \(message)"
            case .tooLarge(let what): "too large: \(what)"
            }
        }

        /// Quotes a value for a message, cut short so that one huge bad field cannot flood the log.
        static func quoted(_ value: String) -> String {
            let flat = Text.collapsingWhitespace(value)
            let scalars = flat.unicodeScalars
            return "'" + (scalars.count > 80 ? String(String.UnicodeScalarView(scalars.prefix(77))) + "..." : flat) + "'"
        }
    }

    public var location: RecordLocation
    public var reason: Reason

    public init(_ location: RecordLocation, _ reason: Reason) {
        self.location = location
        self.reason = reason
    }

    public var description: String { "\(location): \(reason)" }
}
