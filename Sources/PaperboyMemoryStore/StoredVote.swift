import PaperboyCore

/// One reader's vote for a paper, as the `votes` table keeps it.
struct StoredVote: Sendable {
    /// The client network it came from: a network gives a paper a few counted votes a day.
    var network: String
    /// The UTC day it was cast (the day of its ISO 8601 timestamp in SQLite).
    var day: Day
    /// False when the network had already given the paper its day's votes.
    var counted: Bool
}
