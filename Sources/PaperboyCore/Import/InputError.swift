/// Why a whole file could not be imported (as opposed to one bad record in it).
public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case corrupt(path: String, reason: String)
    case unknownFormat(path: String)
    case tooLarge(path: String, limit: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): cannot read file: \(reason)"
        case let .corrupt(path, reason): "\(path): file is damaged: \(reason)"
        case let .unknownFormat(path):
            "\(path): unknown format (expected JSON Lines, Kaggle arXiv JSON, arXiv Atom or OAI-PMH XML, "
                + "a .abs file, Hugging Face daily_papers JSON or a text page; use --format to choose)"
        case let .tooLarge(path, limit): "\(path): document larger than \(limit / 1_048_576) MiB"
        }
    }
}
