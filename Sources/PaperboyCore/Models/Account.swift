import Foundation

/// A reader who signed in: their library, ratings and (later) sessions belong to it.
public struct Account: Sendable, Equatable {
    public var id: Int64
    /// The address as first given; addresses that differ only in case are one account, as
    /// they are one subscription.
    public var email: EmailAddress
    public var created: Date

    public init(id: Int64, email: EmailAddress, created: Date) {
        self.id = id
        self.email = email
        self.created = created
    }
}
