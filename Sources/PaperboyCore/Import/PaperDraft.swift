import Foundation

/// A paper as a parser read it: raw, optional fields straight from the source.
/// `validated()` is the one place where every format's records are cleaned and checked,
/// so all importers share the same rules and the same error messages.
public struct PaperDraft: Sendable {
    public var id: String?
    public var version: Int?
    public var title: String?
    public var abstract: String?
    public var authors: [String] = []
    public var categories: [String] = []
    public var published: String?
    public var updated: String?
    public var doi: String?
    public var journalRef: String?
    public var comments: String?
    public var codeRepository: String?
    public var codeStars: Int?
    public var projectPage: String?
    public var aiSummary: String?
    public var aiKeywords: [String] = []
    public var discussionComments: Int?
    public var thumbnail: String?
    public var submittedBy: String?
    public var upvotes: Int?
    public var listed: String?
    public var sources: [String] = []

    public init() {}

    /// The largest fields a paper may have, in UTF-8 bytes (and authors by count). arXiv's
    /// abstracts are under 2 kB and its titles under 300 bytes; anything far past that is
    /// an attack or a broken record, refused whole rather than cut.
    public enum Limits {
        public static let title = 1_024
        public static let abstract = 65_536
        public static let authors = 2_000
        public static let author = 1_024
        public static let comments = 8_192
        public static let journalRef = 1_024
        public static let doi = 256
        public static let url = 1_024
        public static let categories = 100
        public static let category = 64
        // Hugging Face's details are extras: one past its limit is dropped, the paper kept.
        public static let aiSummary = 2_048
        public static let keyword = 128
        public static let keywords = 30
        public static let userName = 128
    }

    public func validated() throws(RecordIssue.Reason) -> Paper {
        let title = Text.collapsingWhitespace(self.title ?? "")
        guard !title.isEmpty else { throw .missingField("title") }
        try PaperDraft.check("title", title, Limits.title)
        let abstract = Text.collapsingWhitespace(abstract ?? "")
        try PaperDraft.check("abstract", abstract, Limits.abstract)
        guard authors.count <= Limits.authors else { throw .tooLarge("\(authors.count) authors (at most \(Limits.authors))") }
        let authors = authors.map(Text.collapsingWhitespace).filter { !$0.isEmpty }
        for author in authors { try PaperDraft.check("author name", author, Limits.author) }
        let comments = comments.map(Text.collapsingWhitespace) ?? ""
        try PaperDraft.check("comments", comments, Limits.comments)
        let journalRef = journalRef.map(Text.collapsingWhitespace) ?? ""
        try PaperDraft.check("journal reference", journalRef, Limits.journalRef)
        let doi = doi.map(Text.collapsingWhitespace) ?? ""
        try PaperDraft.check("DOI", doi, Limits.doi)
        let categories = Text.uniqueNonEmpty(categories.flatMap(PaperDraft.categoryWords)).filter(PaperDraft.isCategory)
        guard categories.count <= Limits.categories else { throw .tooLarge("\(categories.count) categories (at most \(Limits.categories))") }
        let paperID: PaperID
        var version = self.version
        if let rawID = id, !rawID.trimmingWhitespace().isEmpty {
            guard let parsed = PaperID.parse(rawID) else { throw .invalidID(rawID) }
            paperID = parsed.id
            version = version ?? parsed.version
        } else {
            throw .missingField("id")
        }
        if let v = version, v < 1 { throw .invalidValue(field: "version", value: String(v)) }
        if let u = upvotes, u < 0 { throw .invalidValue(field: "upvotes", value: String(u)) }
        let givenCode = codeRepository.flatMap(PaperDraft.webURL)
        let codeInText = givenCode == nil ? CodeLinks.primary(in: [comments, abstract]) : nil
        return Paper(
            id: paperID,
            title: title,
            abstract: Text.nonEmpty(abstract),
            // Two authors can share a name: only empty entries go.
            authors: authors,
            categories: categories,
            published: try PaperDraft.day(published, field: "published"),
            updated: try PaperDraft.day(updated, field: "updated"),
            version: version,
            doi: Text.nonEmpty(doi),
            journalRef: Text.nonEmpty(journalRef),
            comments: Text.nonEmpty(comments),
            codeRepository: givenCode ?? codeInText,
            codeFoundInText: givenCode == nil && codeInText != nil,
            codeStars: codeStars.flatMap { $0 >= 0 ? $0 : nil },
            projectPage: projectPage.flatMap(PaperDraft.webURL),
            aiSummary: PaperDraft.extra(aiSummary, Limits.aiSummary),
            aiKeywords: Array(Text.uniqueNonEmpty(aiKeywords.compactMap { PaperDraft.extra($0, Limits.keyword) }).prefix(Limits.keywords)),
            discussionComments: discussionComments.flatMap { $0 >= 0 ? $0 : nil },
            thumbnail: thumbnail.flatMap(PaperDraft.webURL),
            submittedBy: PaperDraft.extra(submittedBy, Limits.userName),
            upvotes: upvotes,
            listed: try PaperDraft.day(listed, field: "listed"),
            sources: Text.uniqueNonEmpty(sources)
        )
    }

    /// An absolute http(s) URL with a host, else nil: a link a page may show. A
    /// `javascript:` or `data:` URL, or one with spaces or controls, is dropped.
    static func webURL(_ text: String) -> String? {
        let trimmed = String(text.trimmingWhitespace())
        guard trimmed.utf8.count <= Limits.url, trimmed.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }),
              let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", components.host?.isEmpty == false else { return nil }
        return trimmed
    }

    /// An extra's text with whitespace collapsed; nil when empty or over `limit` bytes.
    static func extra(_ text: String?, _ limit: Int) -> String? {
        guard let text else { return nil }
        let collapsed = Text.collapsingWhitespace(text)
        return collapsed.isEmpty || collapsed.utf8.count > limit ? nil : collapsed
    }

    private static func check(_ field: String, _ value: String, _ limit: Int) throws(RecordIssue.Reason) {
        let bytes = value.utf8.count
        if bytes > limit { throw .tooLarge("\(field) of \(bytes) bytes (at most \(limit))") }
    }

    /// A category is one word of ASCII letters, digits, `.`, `-` and `_` (`cs.CV`,
    /// `hep-th`, `68T45`); anything else in the field is dropped.
    static func isCategory(_ word: String) -> Bool {
        word.utf8.count <= Limits.category && word.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"): true
            default: false
            }
        }
    }

    // Some sources put several codes in one entry ("68T45, 62H30"); a category is one word.
    static func categoryWords(_ entry: String) -> [String] {
        entry.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }).map(String.init)
    }

    private static func day(_ text: String?, field: String) throws(RecordIssue.Reason) -> Day? {
        guard let text, !text.trimmingWhitespace().isEmpty else { return nil }
        guard let day = Day(text) else { throw .badDate(field: field, value: text) }
        return day
    }
}
