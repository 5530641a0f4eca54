import Foundation

/// One email in the outbox: created once, then delivered, retried or given up.
public struct OutboxMail: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case digest, confirm, manage
        /// A sign-in link: to an address, not to a subscription.
        case signin
    }
    public enum Status: String, Sendable { case queued, sent, failed }

    public var id: Int64
    /// The subscription it is for; nil for sign-in mail (`Kind.signin`), which goes to an address.
    public var subscriptionID: Int64?
    public var kind: Kind
    /// What makes the mail unique for its subscription and kind: the digest's day, or a
    /// confirmation's request time.
    public var period: String
    public var messageID: String
    public var recipient: EmailAddress
    public var message: Data
    public var status: Status
    public var attempts: Int
    /// When it was made, and first due.
    public var createdAt: Date

    public init(id: Int64 = 0, subscriptionID: Int64?, kind: Kind, period: String, messageID: String, recipient: EmailAddress,
                message: Data, status: Status = .queued, attempts: Int = 0, createdAt: Date = Date()) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.kind = kind
        self.period = period
        self.messageID = messageID
        self.recipient = recipient
        self.message = message
        self.status = status
        self.attempts = attempts
        self.createdAt = createdAt
    }
}
