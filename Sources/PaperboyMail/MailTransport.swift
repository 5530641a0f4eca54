import Foundation

/// Where finished messages go: an SMTP relay, or the Maildir outbox of the embedded default.
public protocol MailTransport: Sendable {
    /// Delivers one message (CRLF line endings, headers included) to `recipients`.
    /// Throws `MailError` saying whether a later attempt may succeed.
    func send(_ message: Data, from sender: String, to recipients: [String]) async throws
}
