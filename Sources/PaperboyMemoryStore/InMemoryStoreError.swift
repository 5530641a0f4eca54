import PaperboyCore

/// What the in-memory store refuses, as the SQLite store's schema refuses it (a CHECK,
/// UNIQUE or FOREIGN KEY constraint), so that a batch that fails on one fails on both.
public enum InMemoryStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A paper the `papers` table would not take: an empty title, a version below 1 or
    /// negative upvotes.
    case invalidPaper(PaperID, String)
    /// A subscription hour outside 0...23.
    case invalidHour(Int)
    /// A mail for a subscription that does not exist.
    case unknownSubscription(Int64)
    /// A second mail with the same Message-ID.
    case duplicateMessageID(String)
    /// A library write for an account that does not exist.
    case unknownAccount(Int64)
    /// An empty collection name.
    case emptyCollection
    /// Sign-in mail with a subscription, or other mail without one.
    case signInMailMismatch

    public var description: String {
        switch self {
        case .invalidPaper(let id, let reason): "paper \(id) refused: \(reason)"
        case .invalidHour(let hour): "subscription hour \(hour) is not within 0...23"
        case .unknownSubscription(let id): "no subscription \(id)"
        case .unknownAccount(let id): "no account \(id)"
        case .emptyCollection: "a collection needs a name"
        case .signInMailMismatch: "sign-in mail goes to an address, every other mail to a subscription"
        case .duplicateMessageID(let messageID): "a mail with Message-ID \(messageID) exists"
        }
    }
}
