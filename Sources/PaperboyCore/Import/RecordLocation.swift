/// Where a record sits in its file: a line for line-based formats, an ordinal for documents.
public enum RecordLocation: Hashable, Sendable, CustomStringConvertible {
    case line(Int)
    case record(Int)

    public var description: String {
        switch self {
        case .line(let n): "line \(n)"
        case .record(let n): "record \(n)"
        }
    }
}
