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
    /// written by hand: the API's lists are its hottest path.
    public func write(to out: inout String) {
        let links = PaperLinks(paper)
        func number(_ value: Int?) -> String { value.map { String($0) } ?? "null" }
        out += "{\"abstract\":"; JSONText.appendString(paper.abstract, to: &out)
        out += ",\"ai_keywords\":"; JSONText.appendStrings(paper.aiKeywords, to: &out)
        out += ",\"ai_summary\":"; JSONText.appendString(paper.aiSummary, to: &out)
        out += ",\"authors\":"; JSONText.appendStrings(paper.authors, to: &out)
        out += ",\"categories\":"; JSONText.appendStrings(paper.categories, to: &out)
        if let code {
            out += ",\"code\":{\"found_in_text\":\(code.foundInText),\"stars\":" + number(code.stars) + ",\"url\":"
            JSONText.appendString(code.url, to: &out)
            out += "}"
        } else {
            out += ",\"code\":null"
        }
        out += ",\"comments\":"; JSONText.appendString(paper.comments, to: &out)
        out += ",\"discussion_comments\":" + number(paper.discussionComments)
        out += ",\"doi\":"; JSONText.appendString(paper.doi, to: &out)
        out += ",\"id\":"; JSONText.appendString(paper.id.rawValue, to: &out)
        out += ",\"journal_ref\":"; JSONText.appendString(paper.journalRef, to: &out)
        out += ",\"links\":{\"abstract\":"; JSONText.appendString(links.abstract, to: &out)
        out += ",\"huggingface\":"; JSONText.appendString(links.huggingFace, to: &out)
        out += ",\"pdf\":"; JSONText.appendString(links.pdf, to: &out)
        out += "},\"listed\":"; JSONText.appendString(paper.listed?.description, to: &out)
        out += ",\"project_page\":"; JSONText.appendString(paper.projectPage, to: &out)
        out += ",\"published\":"; JSONText.appendString(paper.published?.description, to: &out)
        out += ",\"score\":" + (score.map { "\(($0 * 1000).rounded() / 1000)" } ?? "null")
        out += ",\"submitted_by\":"; JSONText.appendString(paper.submittedBy, to: &out)
        out += ",\"thumbnail\":"; JSONText.appendString(paper.thumbnail, to: &out)
        out += ",\"title\":"; JSONText.appendString(paper.title, to: &out)
        out += ",\"updated\":"; JSONText.appendString(paper.updated?.description, to: &out)
        out += ",\"upvotes\":" + number(paper.totalUpvotes)
        out += ",\"venue\":"; JSONText.appendString(paper.venue, to: &out)
        out += ",\"version\":" + number(paper.version) + "}"
    }
}
