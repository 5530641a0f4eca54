import Foundation

/// Where finished messages go: an SMTP relay, or the Maildir outbox of the embedded default.
public protocol MailTransport: Sendable {
    /// Delivers one message (CRLF line endings, headers included) to `recipients`.
    /// Throws `MailError` saying whether a later attempt may succeed.
    func send(_ message: Data, from sender: String, to recipients: [String]) async throws
}

/// A delivery failure, classified the way SMTP does: a temporary one (4xx, a timeout, a
/// refused connection) is retried later; a permanent one (5xx) is not.
public struct MailError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable { case temporary, permanent }
    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
