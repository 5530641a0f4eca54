/// What a vote did.
public enum VoteOutcome: Hashable, Sendable {
    /// The vote was new; the paper now has this many votes in all.
    case counted(total: Int)
    /// This voter had already voted for the paper: nothing changed.
    case alreadyVoted(total: Int)
    /// Kept but not counted: the voter's network already gave the paper its day's votes.
    case limited(total: Int)

    public var total: Int {
        switch self {
        case .counted(let total), .alreadyVoted(let total), .limited(let total): total
        }
    }
}
