/// Parses an arXiv API (`/api/query`) Atom response: one record per `<entry>`.
/// arXiv reports a bad query as an entry whose id is under `/api/errors`; that becomes an
/// invalid record carrying arXiv's message.
public enum ArxivAtomParser {
    public static func parse(_ bytes: [UInt8], source: String) -> [ParsedRecord] {
        let document = XMLTree.parse(bytes)
        let entries = document.root?.children("entry") ?? []
        var records: [ParsedRecord] = []
        for (index, entry) in entries.enumerated() {
            let location = RecordLocation.record(index + 1)
            guard entry.isComplete else { break }
            let rawID = entry.value("id") ?? ""
            if rawID.contains("/api/errors") {
                let message = entry.value("summary") ?? entry.value("title") ?? rawID
                records.append(.invalid(RecordIssue(location, .sourceError(message))))
                continue
            }
            records.append(ParsedRecord(draft(entry, source: source), at: location))
        }
        if let error = document.error {
            let done = entries.filter(\.isComplete).count
            records.append(.invalid(RecordIssue(.record(done + 1), .malformed(error))))
        } else if document.root?.name != "feed" {
            records.append(.invalid(RecordIssue(.record(1), .malformed("not an Atom feed"))))
        }
        return records
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
