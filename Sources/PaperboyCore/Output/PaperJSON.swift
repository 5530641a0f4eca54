import Foundation

/// One paper as the CLI's `--json` output and the HTTP API both show it. Absent values are
/// written as explicit nulls so every response has the same keys.
public struct PaperJSON: Encodable, Sendable {
    public var paper: Paper
    /// The search or trending score, when the paper came from a ranked list.
    public var score: Double?

    public init(_ paper: Paper, score: Double? = nil) {
        self.paper = paper
        self.score = score
    }

    enum CodingKeys: String, CodingKey {
        case id, title, abstract, authors, categories, published, updated, listed, version, doi
        case journalRef = "journal_ref", comments, upvotes, score, links, code, venue
        case projectPage = "project_page", aiSummary = "ai_summary", aiKeywords = "ai_keywords"
        case discussionComments = "discussion_comments", thumbnail, submittedBy = "submitted_by"
    }

    /// The paper's code link, its stars, and whether it was found in the paper's text.
    struct Code: Encodable {
        var url: String
        var stars: Int?
        var foundInText: Bool

        enum CodingKeys: String, CodingKey { case url, stars, foundInText = "found_in_text" }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(url, forKey: .url)
            try c.encode(stars, forKey: .stars)
            try c.encode(foundInText, forKey: .foundInText)
        }
    }

    var code: Code? { paper.codeRepository.map { Code(url: $0, stars: paper.codeStars, foundInText: paper.codeFoundInText) } }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(paper.id.rawValue, forKey: .id)
        try c.encode(paper.title, forKey: .title)
        try c.encode(paper.abstract, forKey: .abstract)
        try c.encode(paper.authors, forKey: .authors)
        try c.encode(paper.categories, forKey: .categories)
        try c.encode(paper.published?.description, forKey: .published)
        try c.encode(paper.updated?.description, forKey: .updated)
        try c.encode(paper.listed?.description, forKey: .listed)
        try c.encode(paper.version, forKey: .version)
        try c.encode(paper.doi, forKey: .doi)
        try c.encode(paper.journalRef, forKey: .journalRef)
        try c.encode(paper.comments, forKey: .comments)
        try c.encode(paper.totalUpvotes, forKey: .upvotes)
        try c.encode(score.map { ($0 * 1000).rounded() / 1000 }, forKey: .score)
        try c.encode(PaperLinks(paper), forKey: .links)
        try c.encode(code, forKey: .code)
        try c.encode(paper.venue, forKey: .venue)
        try c.encode(paper.projectPage, forKey: .projectPage)
        try c.encode(paper.aiSummary, forKey: .aiSummary)
        try c.encode(paper.aiKeywords, forKey: .aiKeywords)
        try c.encode(paper.discussionComments, forKey: .discussionComments)
        try c.encode(paper.thumbnail, forKey: .thumbnail)
        try c.encode(paper.submittedBy, forKey: .submittedBy)
    }
}

extension PaperJSON {
    /// The same object `encode(to:)` writes (keys sorted, as `JSONOutput` sorts them),
    /// written by hand as UTF-8: the API's lists are its hottest path.
    public func write(to out: inout [UInt8]) {
        let links = PaperLinks(paper)
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func string(_ value: String?) { JSONText.appendString(value, to: &out) }
        func number(_ value: Int?) { raw(value.map { String($0) } ?? "null") }
        raw("{\"abstract\":"); string(paper.abstract)
        raw(",\"ai_keywords\":"); JSONText.appendStrings(paper.aiKeywords, to: &out)
        raw(",\"ai_summary\":"); string(paper.aiSummary)
        raw(",\"authors\":"); JSONText.appendStrings(paper.authors, to: &out)
        raw(",\"categories\":"); JSONText.appendStrings(paper.categories, to: &out)
        if let code {
            raw(",\"code\":{\"found_in_text\":\(code.foundInText),\"stars\":"); number(code.stars)
            raw(",\"url\":"); string(code.url)
            raw("}")
        } else {
            raw(",\"code\":null")
        }
        raw(",\"comments\":"); string(paper.comments)
        raw(",\"discussion_comments\":"); number(paper.discussionComments)
        raw(",\"doi\":"); string(paper.doi)
        raw(",\"id\":"); string(paper.id.rawValue)
        raw(",\"journal_ref\":"); string(paper.journalRef)
        raw(",\"links\":{\"abstract\":"); string(links.abstract)
        raw(",\"huggingface\":"); string(links.huggingFace)
        raw(",\"pdf\":"); string(links.pdf)
        raw("},\"listed\":"); string(paper.listed?.description)
        raw(",\"project_page\":"); string(paper.projectPage)
        raw(",\"published\":"); string(paper.published?.description)
        raw(",\"score\":"); raw(score.map { "\(($0 * 1000).rounded() / 1000)" } ?? "null")
        raw(",\"submitted_by\":"); string(paper.submittedBy)
        raw(",\"thumbnail\":"); string(paper.thumbnail)
        raw(",\"title\":"); string(paper.title)
        raw(",\"updated\":"); string(paper.updated?.description)
        raw(",\"upvotes\":"); number(paper.totalUpvotes)
        raw(",\"venue\":"); string(paper.venue)
        raw(",\"version\":"); number(paper.version)
        raw("}")
    }
}
