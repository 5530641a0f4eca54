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
    /// The paper's code (a GitHub, GitLab or Hugging Face URL): as Hugging Face lists it, or
    /// else the first such link in the comments or abstract. Only http(s) URLs are kept.
    public var codeRepository: String?
    /// True when `codeRepository` was found in the paper's own text rather than given by a source.
    public var codeFoundInText: Bool
    /// The repository's GitHub stars, as Hugging Face last reported them.
    public var codeStars: Int?
    /// The project's web page, as Hugging Face lists it (http(s) only).
    public var projectPage: String?
    /// Hugging Face's one-line, machine-written summary.
    public var aiSummary: String?
    /// Hugging Face's machine-chosen keywords.
    public var aiKeywords: [String]
    /// Comments in the paper's Hugging Face discussion.
    public var discussionComments: Int?
    /// Hugging Face's thumbnail image of the paper (http(s) only; pages show Hugging Face's CDN only).
    public var thumbnail: String?
    /// Who submitted the paper to Hugging Face Daily Papers (their user name).
    public var submittedBy: String?
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
        doi: String? = nil, journalRef: String? = nil, comments: String? = nil, codeRepository: String? = nil,
        codeFoundInText: Bool = false, codeStars: Int? = nil, projectPage: String? = nil, aiSummary: String? = nil,
        aiKeywords: [String] = [], discussionComments: Int? = nil, thumbnail: String? = nil, submittedBy: String? = nil,
        upvotes: Int? = nil, listed: Day? = nil, sources: [String] = [], localVotes: Int = 0
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
        self.codeFoundInText = codeFoundInText
        self.codeStars = codeStars
        self.projectPage = projectPage
        self.aiSummary = aiSummary
        self.aiKeywords = aiKeywords
        self.discussionComments = discussionComments
        self.thumbnail = thumbnail
        self.submittedBy = submittedBy
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
