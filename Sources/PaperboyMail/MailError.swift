import Foundation

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
