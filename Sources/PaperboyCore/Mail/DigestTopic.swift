import Foundation

/// What a reader follows: the trending papers, the papers their library's model picks
/// (`for-you`, for a reader with an account), or a search in the CLI's syntax (which covers
/// categories as `cat:cs.CV` and authors as `au:Hinton`).
public enum DigestTopic: Hashable, Sendable, CustomStringConvertible {
    case trending
    case forYou
    case query(String)

    /// Parses one topic as a reader typed it; nil for an empty or overlong one (over 200
    /// scalars: counting `Character`s would let "a" and a thousand combining marks through as
    /// one) or one with controls, line separators or bidi overrides, which a topic never needs
    /// and which would reach the digest's Subject header.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= 200,
              trimmed.unicodeScalars.allSatisfy({ MIMEEncoding.isHeaderSafe($0) && !TerminalText.isUnsafe($0) })
        else { return nil }
        switch trimmed.lowercased() {
        case "trending": self = .trending
        // One spelling only: topics are stored as typed and parsed again on every load, so a
        // looser match would turn a stored search for "recommended" into this topic.
        case "for-you": self = .forYou
        default: self = .query(trimmed)
        }
    }

    public var description: String {
        switch self {
        case .trending: "trending"
        case .forYou: "for-you"
        case .query(let text): text
        }
    }
}
