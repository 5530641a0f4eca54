/// A parsed search query. Built by `SearchQuery.parse` from what a user typed, so nothing
/// of the user's syntax reaches the database's query language unescaped: a store renders
/// these terms into its own syntax, quoting every word.
public struct SearchQuery: Hashable, Sendable {
    public enum Field: String, Hashable, Sendable {
        case any, title, abstract, authors
    }

    /// A word or a phrase, as the user typed it (the store tokenizes it the way it tokenizes papers).
    public struct Term: Hashable, Sendable {
        public var field: Field
        public var text: String
        /// `transform*`: matches any word starting with the text.
        public var isPrefix: Bool

        public init(_ text: String, field: Field = .any, isPrefix: Bool = false) {
            self.text = text
            self.field = field
            self.isPrefix = isPrefix
        }
    }

    /// Every group must match; within a group, any term may (`a OR b`).
    public var required: [[Term]] = []
    /// No term may match.
    public var excluded: [Term] = []
    /// Papers must be in every one of these categories (`cat:cs.CV`); `cat:cs` is the whole archive.
    public var categories: [String] = []
    public var excludedCategories: [String] = []
    /// Set when the whole query names one paper (`2401.12345`, an arXiv URL).
    public var paperID: PaperID?
    /// `has:code`: only papers with a code link (true); `-has:code`: only papers without (false).
    public var hasCode: Bool?
    /// Papers must have appeared at every one of these venues (`venue:NeurIPS`), matched
    /// case-insensitively within the paper's venue (`Paper.venue`).
    public var venues: [String] = []

    public init() {}

    /// True when nothing in the query can select papers by content (only exclusions, or nothing).
    public var selectsNothing: Bool {
        required.isEmpty && categories.isEmpty && paperID == nil && hasCode != true && venues.isEmpty
    }

    /// True when the query filters on a paper's details (code, venue), which the text index does not hold.
    public var filtersDetails: Bool { hasCode != nil || !venues.isEmpty }

    /// Whether `paper` passes the detail filters (`has:code`, `venue:`).
    public func admitsDetails(of paper: Paper) -> Bool {
        if let hasCode, (paper.codeRepository != nil) != hasCode { return false }
        guard !venues.isEmpty else { return true }
        guard let venue = paper.venue?.lowercased() else { return false }
        return venues.allSatisfy { venue.contains($0.lowercased()) }
    }
    /// True when the query has words to rank by, rather than only filters.
    public var hasRankingTerms: Bool { !required.isEmpty }
}
