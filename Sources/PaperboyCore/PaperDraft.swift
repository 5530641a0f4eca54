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
    public var upvotes: Int?
    public var listed: String?
    public var sources: [String] = []

    public init() {}

    public func validated() throws(RecordIssue.Reason) -> Paper {
        let title = Text.collapsingWhitespace(self.title ?? "")
        guard !title.isEmpty else { throw .missingField("title") }
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
        return Paper(
            id: paperID,
            title: title,
            abstract: Text.nonEmpty(Text.collapsingWhitespace(abstract ?? "")),
            // Two authors can share a name: only empty entries go.
            authors: authors.map(Text.collapsingWhitespace).filter { !$0.isEmpty },
            // Some sources put several codes in one entry ("68T45, 62H30"); a category is one word.
            categories: Text.uniqueNonEmpty(categories.flatMap(PaperDraft.categoryWords)),
            published: try PaperDraft.day(published, field: "published"),
            updated: try PaperDraft.day(updated, field: "updated"),
            version: version,
            doi: Text.nonEmpty(doi.map(Text.collapsingWhitespace) ?? ""),
            journalRef: Text.nonEmpty(journalRef.map(Text.collapsingWhitespace) ?? ""),
            comments: Text.nonEmpty(comments.map(Text.collapsingWhitespace) ?? ""),
            upvotes: upvotes,
            listed: try PaperDraft.day(listed, field: "listed"),
            sources: Text.uniqueNonEmpty(sources)
        )
    }

    static func categoryWords(_ entry: String) -> [String] {
        entry.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }).map(String.init)
    }

    private static func day(_ text: String?, field: String) throws(RecordIssue.Reason) -> Day? {
        guard let text, !text.trimmingWhitespace().isEmpty else { return nil }
        guard let day = Day(text) else { throw .badDate(field: field, value: text) }
        return day
    }
}
