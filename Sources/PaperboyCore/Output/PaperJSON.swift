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
        case journalRef = "journal_ref", comments, upvotes, score, links
    }

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
        try c.encode(PaperLinks(paper.id), forKey: .links)
    }
}

extension PaperJSON {
    /// The same object `encode(to:)` writes (keys sorted, as `JSONOutput` sorts them),
    /// written by hand: the API's lists are its hottest path.
    public func write(to out: inout String) {
        let links = PaperLinks(paper.id)
        out += "{\"abstract\":"; JSONText.appendString(paper.abstract, to: &out)
        out += ",\"authors\":"; JSONText.appendStrings(paper.authors, to: &out)
        out += ",\"categories\":"; JSONText.appendStrings(paper.categories, to: &out)
        out += ",\"comments\":"; JSONText.appendString(paper.comments, to: &out)
        out += ",\"doi\":"; JSONText.appendString(paper.doi, to: &out)
        out += ",\"id\":"; JSONText.appendString(paper.id.rawValue, to: &out)
        out += ",\"journal_ref\":"; JSONText.appendString(paper.journalRef, to: &out)
        out += ",\"links\":{\"abstract\":"; JSONText.appendString(links.abstract, to: &out)
        out += ",\"pdf\":"; JSONText.appendString(links.pdf, to: &out)
        out += "},\"listed\":"; JSONText.appendString(paper.listed?.description, to: &out)
        out += ",\"published\":"; JSONText.appendString(paper.published?.description, to: &out)
        out += ",\"score\":" + (score.map { "\(($0 * 1000).rounded() / 1000)" } ?? "null")
        out += ",\"title\":"; JSONText.appendString(paper.title, to: &out)
        out += ",\"updated\":"; JSONText.appendString(paper.updated?.description, to: &out)
        out += ",\"upvotes\":" + (paper.totalUpvotes.map { String($0) } ?? "null")
        out += ",\"version\":" + (paper.version.map { String($0) } ?? "null") + "}"
    }
}
