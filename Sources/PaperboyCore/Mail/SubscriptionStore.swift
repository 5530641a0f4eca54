import Foundation

/// One email in the outbox: created once, then delivered, retried or given up.
public struct OutboxMail: Hashable, Sendable {
    public enum Kind: String, Sendable { case digest, confirm, manage }
    public enum Status: String, Sendable { case queued, sent, failed }

    public var id: Int64
    public var subscriptionID: Int64
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

    public init(id: Int64 = 0, subscriptionID: Int64, kind: Kind, period: String, messageID: String, recipient: EmailAddress,
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

/// What a subscription request did, kept from the requester (the answer is the same
/// either way, so nobody learns who subscribes): the caller emails a confirmation for a new
/// or unconfirmed address and a manage link for a confirmed one.
public enum SubscribeOutcome: Sendable, Equatable {
    case needsConfirmation(Subscription)
    case alreadyConfirmed(Subscription)
}

/// Subscriptions, the digest outbox and the record of papers each reader received.
public protocol SubscriptionStore: Sendable {
    /// A new pending subscription, or the existing one for the address: an unconfirmed or
    /// unsubscribed one takes the new settings and is pending again; a confirmed one is left
    /// unchanged (only its owner, through a signed link, may change it).
    func subscribe(_ subscription: Subscription) async throws -> SubscribeOutcome
    func subscription(id: Int64) async throws -> Subscription?
    func subscription(email: EmailAddress) async throws -> Subscription?
    /// Counts of subscriptions by status.
    func subscriptionCounts() async throws -> [Subscription.Status: Int]
    /// Saves topics, frequency, hour, time zone and status.
    func update(_ subscription: Subscription) async throws
    /// Subscriptions that may be due (active ones).
    func activeSubscriptions() async throws -> [Subscription]

    /// Papers that appeared (first listed, else published) within `days`: matching `query`
    /// by relevance, or with no query the most voted.
    func papersAppeared(in days: ClosedRange<Day>, matching query: SearchQuery?, limit: Int) async throws -> [SearchHit]
    /// Every paper sent (or being sent) to a subscriber in a digest; not those of digests
    /// that failed for good.
    func sentPapers(to subscriptionID: Int64) async throws -> Set<PaperID>

    /// Adds a mail to the outbox once: false (and nothing written) when the subscription
    /// already has a mail of this kind and period. A digest also records its papers and
    /// moves the subscription's last digest day, in the same transaction.
    func enqueue(_ mail: OutboxMail, papers: [PaperID], digestDay: Day?) async throws -> Bool
    /// Marks a subscription's period as done with nothing to send (an empty digest).
    func skipDigest(subscriptionID: Int64, day: Day) async throws
    /// Claims up to `limit` queued mails whose next attempt is due, oldest first, for
    /// `claimer` until `now + lease`: no other deliverer takes them meanwhile.
    func claimDueMail(at now: Date, limit: Int, claimer: String, lease: TimeInterval) async throws -> [OutboxMail]
    /// Deliverers holding claims at `now`.
    func claimers(at now: Date) async throws -> [String]
    /// Gives up the claims of a deliverer known to be gone (a crashed process).
    func releaseClaims(of claimer: String) async throws
    func markSent(_ mailID: Int64, at date: Date) async throws
    /// Records a failed attempt: retried at `retryAt`, or failed for good when nil (which
    /// counts a bounce against the subscription and pauses it after `pauseAfterBounces`).
    func markFailed(_ mailID: Int64, error: String, retryAt: Date?, pauseAfterBounces: Int) async throws
    /// Counts of outbox mails by status.
    func outboxCounts() async throws -> [OutboxMail.Status: Int]
}
