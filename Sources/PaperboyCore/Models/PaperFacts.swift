/// What ranking's priors know of a paper: its categories, when it appeared, and its votes.
public struct PaperFacts: Hashable, Sendable {
    public var id: PaperID
    public var categories: [String]
    /// First listed, else published (`Paper.appeared`).
    public var appeared: Day?
    /// Hugging Face upvotes plus local votes (`Paper.totalUpvotes`), 0 for none.
    public var votes: Int

    public init(id: PaperID, categories: [String], appeared: Day?, votes: Int) {
        self.id = id
        self.categories = categories
        self.appeared = appeared
        self.votes = votes
    }

    public init(_ paper: Paper) {
        self.init(id: paper.id, categories: paper.categories, appeared: paper.appeared, votes: paper.totalUpvotes ?? 0)
    }
}
