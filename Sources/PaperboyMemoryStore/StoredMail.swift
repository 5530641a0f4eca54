import Foundation
import PaperboyCore

/// One row of the outbox: the mail, and its delivery state. Times are Unix seconds, as the
/// SQLite store compares them.
struct StoredMail: Sendable {
    var mail: OutboxMail
    var nextAttemptAt: TimeInterval
    /// The deliverer holding the mail, until `claimedUntil`.
    var claimedBy: String?
    var claimedUntil: TimeInterval?
    var lastError: String?
    var sentAt: TimeInterval?
}
