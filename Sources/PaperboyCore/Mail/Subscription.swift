import Foundation

/// A reader's subscription to the digest.
public struct Subscription: Hashable, Sendable {
    public enum Frequency: String, Sendable, CaseIterable, Codable {
        case daily, weekly
        /// The days a first digest looks back.
        public var days: Int { self == .daily ? 1 : 7 }
    }

    public enum Status: String, Sendable, CaseIterable {
        /// Subscribed, waiting for the confirmation link: nothing is sent but that email.
        case pending
        case active
        /// Paused by the reader, or by Paperboy after repeated permanent failures.
        case paused
        case unsubscribed
    }

    public var id: Int64
    public var email: EmailAddress
    public var topics: [DigestTopic]
    public var frequency: Frequency
    /// The local hour (0-23) from which the digest is due.
    public var hour: Int
    public var timeZone: String
    public var status: Status
    /// Local day of the last digest created for this reader (the end of its window).
    public var lastDigestDay: Day?
    /// Permanent delivery failures in a row.
    public var bounces: Int
    /// The subscribe request this pending subscription waits on: each request that makes it
    /// pending starts a new round, and only that round's confirmation link confirms it.
    public var confirmRound: Int

    public init(id: Int64 = 0, email: EmailAddress, topics: [DigestTopic] = [.trending], frequency: Frequency = .daily,
                hour: Int = 7, timeZone: String = "UTC", status: Status = .pending, lastDigestDay: Day? = nil, bounces: Int = 0,
                confirmRound: Int = 0) {
        self.id = id
        self.email = email
        self.topics = topics
        self.frequency = frequency
        self.hour = hour
        self.timeZone = timeZone
        self.status = status
        self.lastDigestDay = lastDigestDay
        self.bounces = bounces
        self.confirmRound = confirmRound
    }
}

/// What a reader follows: the trending papers, or a search in the CLI's syntax (which
/// covers categories as `cat:cs.CV` and authors as `au:Hinton`).
public enum DigestTopic: Hashable, Sendable, CustomStringConvertible {
    case trending
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
        self = trimmed.lowercased() == "trending" ? .trending : .query(trimmed)
    }

    public var description: String {
        switch self {
        case .trending: "trending"
        case .query(let text): text
        }
    }
}
