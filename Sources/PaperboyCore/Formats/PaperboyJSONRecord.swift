import Foundation

/// One line of Paperboy's own JSON Lines format: what `paperboy export` writes and
/// `../shared/data/papers.jsonl.gz` holds. Unknown keys (`published_kind`, `provenance`) are ignored.
public struct PaperboyJSONRecord: Codable, Sendable {
    public var id: String?
    public var title: String?
    public var abstract: String?
    public var authors: [String]?
    public var categories: [String]?
    public var published: String?
    public var updated: String?
    public var version: Int?
    public var doi: String?
    public var journalRef: String?
    public var comments: String?
    public var codeRepository: String?
    /// True when `codeRepository` was found in the paper's text: an import finds it there
    /// again, so a link a later record gives can still take its place.
    public var codeFoundInText: Bool?
    public var codeStars: Int?
    public var projectPage: String?
    public var aiSummary: String?
    public var aiKeywords: [String]?
    public var discussionComments: Int?
    public var thumbnail: String?
    public var submittedBy: String?
    public var upvotes: Int?
    public var listed: String?
    public var source: String?
    public var sources: [String]?

    enum CodingKeys: String, CodingKey {
        case id, title, abstract, authors, categories, published, updated, version, doi
        case journalRef = "journal_ref"
        case comments
        case codeRepository = "code_repository"
        case codeFoundInText = "code_found_in_text"
        case codeStars = "code_stars"
        case projectPage = "project_page"
        case aiSummary = "ai_summary"
        case aiKeywords = "ai_keywords"
        case discussionComments = "discussion_comments"
        case thumbnail
        case submittedBy = "submitted_by"
        case upvotes, listed, source, sources
    }

    public init(_ paper: Paper) {
        id = paper.id.rawValue
        title = paper.title
        abstract = paper.abstract
        authors = paper.authors
        categories = paper.categories
        published = paper.published?.description
        updated = paper.updated?.description
        version = paper.version
        doi = paper.doi
        journalRef = paper.journalRef
        comments = paper.comments
        codeRepository = paper.codeRepository
        codeFoundInText = paper.codeFoundInText
        codeStars = paper.codeStars
        projectPage = paper.projectPage
        aiSummary = paper.aiSummary
        aiKeywords = paper.aiKeywords
        discussionComments = paper.discussionComments
        thumbnail = paper.thumbnail
        submittedBy = paper.submittedBy
        upvotes = paper.upvotes
        listed = paper.listed?.description
        sources = paper.sources
    }

    // Explicit nulls keep every field visible in exports (the shape is documented in the README).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(abstract, forKey: .abstract)
        try c.encode(authors ?? [], forKey: .authors)
        try c.encode(categories ?? [], forKey: .categories)
        try c.encode(published, forKey: .published)
        try c.encode(updated, forKey: .updated)
        try c.encode(version, forKey: .version)
        try c.encode(doi, forKey: .doi)
        try c.encode(journalRef, forKey: .journalRef)
        try c.encode(comments, forKey: .comments)
        try c.encode(codeRepository, forKey: .codeRepository)
        try c.encode(codeFoundInText ?? false, forKey: .codeFoundInText)
        try c.encode(codeStars, forKey: .codeStars)
        try c.encode(projectPage, forKey: .projectPage)
        try c.encode(aiSummary, forKey: .aiSummary)
        try c.encode(aiKeywords ?? [], forKey: .aiKeywords)
        try c.encode(discussionComments, forKey: .discussionComments)
        try c.encode(thumbnail, forKey: .thumbnail)
        try c.encode(submittedBy, forKey: .submittedBy)
        try c.encode(upvotes, forKey: .upvotes)
        try c.encode(listed, forKey: .listed)
        try c.encode(sources ?? [], forKey: .sources)
    }

    var draft: PaperDraft {
        var d = PaperDraft()
        d.id = id
        d.version = version
        d.title = title
        d.abstract = abstract
        d.authors = authors ?? []
        d.categories = categories ?? []
        d.published = published
        d.updated = updated
        d.doi = doi
        d.journalRef = journalRef
        d.comments = comments
        d.codeRepository = codeFoundInText == true ? nil : codeRepository
        d.codeStars = codeStars
        d.projectPage = projectPage
        d.aiSummary = aiSummary
        d.aiKeywords = aiKeywords ?? []
        d.discussionComments = discussionComments
        d.thumbnail = thumbnail
        d.submittedBy = submittedBy
        d.upvotes = upvotes
        d.listed = listed
        d.sources = (sources ?? []) + (source.map { [$0] } ?? [])
        if d.sources.isEmpty { d.sources = [ImportFormat.jsonl.sourceTag] }
        return d
    }

    static func draft(from line: Data, decoder: JSONDecoder) throws -> PaperDraft {
        try decoder.decode(PaperboyJSONRecord.self, from: line).draft
    }
}
