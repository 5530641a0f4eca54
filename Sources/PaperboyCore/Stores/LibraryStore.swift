import Foundation

/// Readers' libraries: papers saved into named collections, and thumbs up or down. Names are
/// taken as given; the site bounds and trims them (`LibraryCollection`).
public protocol LibraryStore: Sendable {
    /// Saves a paper into a collection of the account. True if it was not there yet, false
    /// if it was; nil if the paper is unknown.
    func save(_ paper: PaperID, in collection: String, account: Int64, at date: Date) async throws -> Bool?
    /// Removes a paper from one collection, or from all when `collection` is nil; how many
    /// places it was removed from.
    func remove(_ paper: PaperID, from collection: String?, account: Int64) async throws -> Int
    /// Renames a collection; into an existing one, the two merge. How many papers moved.
    func renameCollection(_ name: String, to newName: String, account: Int64) async throws -> Int
    /// The account's collections with their paper counts, by name.
    func collections(account: Int64) async throws -> [(name: String, count: Int)]
    /// The account's saved papers (in one collection, or all), the latest saved first.
    func library(account: Int64, collection: String?) async throws -> [SavedPaper]
    /// Sets (or with nil clears) the account's rating of a paper; false if the paper is unknown.
    func rate(_ paper: PaperID, _ rating: Rating?, account: Int64, at date: Date) async throws -> Bool
    func ratings(account: Int64) async throws -> [PaperID: Rating]
}
