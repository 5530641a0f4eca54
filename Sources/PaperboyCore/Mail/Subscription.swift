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
    /// Only papers with a code link go into this reader's digests.
    public var onlyWithCode: Bool

    public init(id: Int64 = 0, email: EmailAddress, topics: [DigestTopic] = [.trending], frequency: Frequency = .daily,
                hour: Int = 7, timeZone: String = "UTC", status: Status = .pending, lastDigestDay: Day? = nil, bounces: Int = 0,
                confirmRound: Int = 0, onlyWithCode: Bool = false) {
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
        self.onlyWithCode = onlyWithCode
    }

    /// Takes what a reader chooses (topics, frequency, hour, time zone, only papers with
    /// code) from `other`: a new subscribe request or an edit on the manage page.
    public mutating func adoptSettings(of other: Subscription) {
        topics = other.topics
        frequency = other.frequency
        hour = other.hour
        timeZone = other.timeZone
        onlyWithCode = other.onlyWithCode
    }
}
