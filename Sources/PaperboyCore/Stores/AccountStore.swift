import Foundation

/// Readers' accounts.
public protocol AccountStore: Sendable {
    /// The account of `email`, created at `date` if there is none. Addresses that differ only
    /// in case are one account (as subscriptions compare them).
    func account(email: EmailAddress, creatingAt date: Date) async throws -> Account
    func account(id: Int64) async throws -> Account?
    /// The account of `email` (case ignored), if there is one.
    func account(email: EmailAddress) async throws -> Account?
    /// Deletes the account and everything that is the reader's: library, ratings, sessions,
    /// the digest subscription of the address (a reader's subscription belongs to the account
    /// of its address) with its mail, and sign-in mail to it; false if there was none.
    func deleteAccount(id: Int64) async throws -> Bool
    /// How many accounts there are: the readers recommendations could be for.
    func accountCount() async throws -> Int
}
