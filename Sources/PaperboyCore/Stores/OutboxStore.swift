import Foundation

/// The outbox every mail goes through (digests, confirmations, manage links), and the
/// record of papers each reader received. Mail is claimed before delivery so that several
/// deliverers never send one mail twice.
public protocol OutboxStore: Sendable {
    /// Every paper sent (or being sent) to a subscriber in a digest; not those of digests
    /// that failed for good.
    func sentPapers(to subscriptionID: Int64) async throws -> Set<PaperID>

    /// Adds a mail to the outbox once: false (and nothing written) when the subscription
    /// already has a mail of this kind and period, or, for a digest, when the subscription is
    /// no longer active (paused or unsubscribed after the run listed it). A digest also
    /// records its papers and moves the subscription's last digest day, in the same transaction.
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
