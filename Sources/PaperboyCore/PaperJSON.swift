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

/// A list of papers: `{"query": ..., "total": n, "offset": k, "results": [...]}`.
public struct PaperListJSON: Encodable, Sendable {
    public var query: String?
    public var total: Int
    public var offset: Int
    public var results: [PaperJSON]

    public init(query: String?, total: Int, offset: Int, hits: [SearchHit]) {
        self.query = query
        self.total = total
        self.offset = offset
        results = hits.map { PaperJSON($0.paper, score: $0.score) }
    }

    enum CodingKeys: String, CodingKey { case query, total, offset, results }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let query { try c.encode(query, forKey: .query) }
        try c.encode(total, forKey: .total)
        try c.encode(offset, forKey: .offset)
        try c.encode(results, forKey: .results)
    }
}

/// Where a paper lives outside Paperboy.
public struct PaperLinks: Encodable, Hashable, Sendable {
    public var abstract: String?
    public var pdf: String?

    public init(_ id: PaperID) {
        if id.isArxiv {
            abstract = "https://arxiv.org/abs/\(id.rawValue)"
            pdf = "https://arxiv.org/pdf/\(id.rawValue)"
        }
    }

    enum CodingKeys: String, CodingKey { case abstract, pdf }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(abstract, forKey: .abstract)
        try c.encode(pdf, forKey: .pdf)
    }
}

/// JSON as Paperboy prints it: sorted keys, unescaped slashes.
public enum JSONOutput {
    public static func encode(_ value: some Encodable, pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    public static func string(_ value: some Encodable) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}
