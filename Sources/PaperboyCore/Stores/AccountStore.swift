import Foundation

/// Readers' accounts.
public protocol AccountStore: Sendable {
    /// The account of `email`, created at `date` if there is none. Addresses that differ only
    /// in case are one account (as subscriptions compare them).
    func account(email: EmailAddress, creatingAt date: Date) async throws -> Account
    func account(id: Int64) async throws -> Account?
    /// Deletes the account and everything that is the reader's (library, ratings); false if
    /// there was none.
    func deleteAccount(id: Int64) async throws -> Bool
}
