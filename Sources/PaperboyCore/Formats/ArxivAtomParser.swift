/// Parses an arXiv API (`/api/query`) Atom response: one record per `<entry>`.
/// arXiv reports a bad query as an entry whose id is under `/api/errors`; that becomes an
/// invalid record carrying arXiv's message.
public enum ArxivAtomParser {
    /// Reads the feed one entry at a time.
    static func reader(_ bytes: ByteStream, source: String) -> XMLRecordReader {
        XMLRecordReader(bytes, recordNames: ["entry"], expectedRoot: "feed", describe: "an Atom feed") { entry, location in
            let rawID = entry.value("id") ?? ""
            if rawID.contains("/api/errors") {
                let message = entry.value("summary") ?? entry.value("title") ?? rawID
                return .invalid(RecordIssue(location, .sourceError(message)))
            }
            return ParsedRecord(draft(entry, source: source), at: location)
        }
    }

    /// Every record of a feed held in memory.
    public static func parse(_ bytes: [UInt8], source: String) -> [ParsedRecord] {
        var reader = reader(ByteStream(bytes: bytes), source: source)
        return reader.readAll()
    }

    static func draft(_ entry: XMLElementNode, source: String) -> PaperDraft {
        var d = PaperDraft()
        d.id = entry.value("id")
        d.title = entry.value("title")
        d.abstract = entry.value("summary")
        d.authors = entry.children("author").compactMap { $0.value("name") }
        let primary = entry.child("primary_category")?.attributes["term"]
        let terms = entry.children("category").compactMap { $0.attributes["term"] }
        d.categories = (primary.map { [$0] } ?? []) + terms
        d.published = entry.value("published")
        d.updated = entry.value("updated")
        d.comments = entry.value("comment")
        d.journalRef = entry.value("journal_ref")
        d.doi = entry.value("doi")
        d.sources = [source]
        return d
    }
}
