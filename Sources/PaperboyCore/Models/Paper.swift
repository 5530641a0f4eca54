/// One research paper as Paperboy keeps it: the merged view of every record seen for it.
public struct Paper: Hashable, Sendable {
    public var id: PaperID
    public var title: String
    public var abstract: String?
    /// In the paper's own order.
    public var authors: [String]
    /// Primary category first.
    public var categories: [String]
    /// The day version 1 appeared (or the best date a source gives).
    public var published: Day?
    /// The day the latest known version appeared.
    public var updated: Day?
    /// The latest known version number, when the source says.
    public var version: Int?
    public var doi: String?
    public var journalRef: String?
    public var comments: String?
    /// The paper's code (a GitHub URL), as Hugging Face lists it; only http(s) URLs are kept.
    public var codeRepository: String?
    /// Hugging Face Daily Papers upvotes, when the paper was listed there.
    public var upvotes: Int?
    /// The first day the paper appeared in a daily listing.
    public var listed: Day?
    /// Where its records came from (`arxiv-api`, `hf-daily-papers`, a file's source tag, ...).
    public var sources: [String]
    /// Votes cast on this Paperboy (kept by the store; imported records carry none).
    public var localVotes: Int

    public init(
        id: PaperID, title: String, abstract: String? = nil, authors: [String] = [],
        categories: [String] = [], published: Day? = nil, updated: Day? = nil, version: Int? = nil,
        doi: String? = nil, journalRef: String? = nil, comments: String? = nil, codeRepository: String? = nil, upvotes: Int? = nil,
        listed: Day? = nil, sources: [String] = [], localVotes: Int = 0
    ) {
        self.id = id
        self.title = title
        self.abstract = abstract
        self.authors = authors
        self.categories = categories
        self.published = published
        self.updated = updated
        self.version = version
        self.doi = doi
        self.journalRef = journalRef
        self.comments = comments
        self.codeRepository = codeRepository
        self.upvotes = upvotes
        self.listed = listed
        self.sources = sources
        self.localVotes = localVotes
    }

    /// Hugging Face upvotes plus local votes, or nil when the paper has neither.
    public var totalUpvotes: Int? {
        upvotes == nil && localVotes == 0 ? nil : (upvotes ?? 0) + localVotes
    }

    /// The day the paper appeared: first listed, else published. Digests and trending use
    /// it, so a backfill of old papers never looks new.
    public var appeared: Day? { listed ?? published }
}
