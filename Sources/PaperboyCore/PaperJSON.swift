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

/// A list of papers: `{"query": ..., "total": n, "offset": k, "results": [...]}`, and for
/// searches the `mode` that ranked them.
public struct PaperListJSON: Encodable, Sendable {
    public var query: String?
    public var total: Int
    public var offset: Int
    public var mode: SearchMode?
    public var results: [PaperJSON]

    public init(query: String?, total: Int, offset: Int, mode: SearchMode? = nil, hits: [SearchHit]) {
        self.query = query
        self.total = total
        self.offset = offset
        self.mode = mode
        results = hits.map { PaperJSON($0.paper, score: $0.score) }
    }

    enum CodingKeys: String, CodingKey { case query, total, offset, mode, results }

    /// Compact JSON, the same object `encode(to:)` writes; `extra` adds members (written
    /// as given) before the sorted ones.
    public func json(extra: [(key: String, json: String)] = []) -> String {
        var out = "{"
        for (key, json) in extra { JSONText.appendString(key, to: &out); out += ":" + json + "," }
        if let mode { out += "\"mode\":\"\(mode.rawValue)\"," }
        out += "\"offset\":\(offset)"
        if let query { out += ",\"query\":"; JSONText.appendString(query, to: &out) }
        out += ",\"results\":["
        for (i, result) in results.enumerated() {
            if i > 0 { out += "," }
            result.write(to: &out)
        }
        return out + "],\"total\":\(total)}"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let query { try c.encode(query, forKey: .query) }
        try c.encode(total, forKey: .total)
        try c.encode(offset, forKey: .offset)
        try c.encodeIfPresent(mode?.rawValue, forKey: .mode)
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

    /// The path of a paper's page on Paperboy: with `abstract` and `pdf` (arXiv's own pages,
    /// for arXiv ids), the one link builder of pages, feeds, emails, BibTeX and the CLI.
    /// emails. Old-style ids (`hep-th/9901001`) keep their slash as `%2F`, so every id is one
    /// path segment. Ids hold only letters, digits, `.`, `-` and `/` (`PaperID.parse`), so
    /// `/` is the one character to encode; anything else is encoded too, to be safe.
    public static func pagePath(_ id: PaperID) -> String {
        var path = "/papers/"
        for byte in id.rawValue.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"):
                path.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                path += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return path
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
