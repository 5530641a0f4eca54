/// Parses an arXiv OAI-PMH response (ListRecords or GetRecord) in any of the metadata
/// formats arXiv serves: `arXiv`, `arXivRaw` and `oai_dc`. Deleted records are reported
/// and skipped; an OAI error (`noRecordsMatch`, `badResumptionToken`) yields no records.
public enum OAIPMHParser {
    /// Reads the response one record at a time. An OAI `<error>` element is reported as the
    /// source's error.
    static func reader(_ bytes: ByteStream, source: String) -> XMLRecordReader {
        XMLRecordReader(bytes, recordNames: ["record", "error"], expectedRoot: "OAI-PMH", describe: "an OAI-PMH response") { element, location in
            if element.name == "error" {
                let code = element.attributes["code"] ?? "error"
                return .invalid(RecordIssue(location, .sourceError("\(code): \(element.text.trimmingWhitespace())")))
            }
            return parse(record: element, at: location, source: source)
        }
    }

    /// Every record of a response held in memory.
    public static func parse(_ bytes: [UInt8], source: String) -> [ParsedRecord] {
        var reader = reader(ByteStream(bytes: bytes), source: source)
        return reader.readAll()
    }

    static func parse(record: XMLElementNode, at location: RecordLocation, source: String) -> ParsedRecord {
        let header = record.child("header")
        if header?.attributes["status"] == "deleted" {
            return .invalid(RecordIssue(location, .malformed("deleted record \(header?.value("identifier") ?? "")")))
        }
        guard let metadata = record.child("metadata")?.children.first else {
            return .invalid(RecordIssue(location, .missingField("metadata")))
        }
        var draft: PaperDraft
        switch metadata.name {
        case "arXiv": draft = arXivFormat(metadata)
        case "arXivRaw": draft = arXivRawFormat(metadata)
        case "dc": draft = dublinCore(metadata)
        default:
            return .invalid(RecordIssue(location, .malformed("unsupported metadata format <\(metadata.name)>")))
        }
        if draft.id == nil { draft.id = header?.value("identifier") }
        draft.sources = [source]
        return ParsedRecord(draft, at: location)
    }

    /// `metadataPrefix=arXiv`: structured authors, created/updated dates, no version list.
    static func arXivFormat(_ m: XMLElementNode) -> PaperDraft {
        var d = arXivCommonFields(m)
        d.authors = (m.child("authors")?.children("author") ?? []).map { author in
            AuthorNames.fromParts([author.value("keyname") ?? "", author.value("forenames") ?? "", author.value("suffix") ?? ""])
        }
        d.published = m.value("created")
        d.updated = m.value("updated")
        return d
    }

    /// `metadataPrefix=arXivRaw`: arXiv's internal record, with every version and its date.
    static func arXivRawFormat(_ m: XMLElementNode) -> PaperDraft {
        var d = arXivCommonFields(m)
        d.authors = AuthorNames.split(m.value("authors") ?? "")
        let versions = m.children("version")
        d.published = versions.first?.value("date")
        d.updated = versions.last?.value("date")
        d.version = versions.compactMap { $0.attributes["version"].flatMap(AuthorNames.versionNumber) }.max()
        return d
    }

    /// The elements `arXiv` and `arXivRaw` name alike.
    private static func arXivCommonFields(_ m: XMLElementNode) -> PaperDraft {
        var d = PaperDraft()
        d.id = m.value("id")
        d.title = m.value("title")
        d.abstract = m.value("abstract")
        d.categories = (m.value("categories") ?? "").split(separator: " ").map(String.init)
        d.comments = m.value("comments")
        d.journalRef = m.value("journal-ref")
        d.doi = firstDOI(m.value("doi"))
        return d
    }

    /// `metadataPrefix=oai_dc`: Dublin Core. Subjects are arXiv's category names, mapped
    /// back to codes; one `dc:date` per version; comments ride in a `Comment:` description.
    static func dublinCore(_ m: XMLElementNode) -> PaperDraft {
        var d = PaperDraft()
        let identifiers = m.children("identifier").map { $0.text.trimmingWhitespace() }
        d.id = identifiers.first { PaperID.parse($0) != nil }.map(String.init)
        d.doi = identifiers.first { $0.hasPrefix("doi:") }.map { String($0.dropFirst(4)) }
        d.title = m.value("title")
        d.authors = m.children("creator").map { AuthorNames.fromInverted($0.text) }
        d.categories = m.children("subject").compactMap { ArxivSubjects.code(forName: $0.text) }
        for description in m.children("description").map({ String($0.text.trimmingWhitespace()) }) {
            if description.hasPrefix("Comment:") {
                d.comments = String(description.dropFirst("Comment:".count))
            } else if d.abstract == nil {
                d.abstract = description
            }
        }
        let dates = m.children("date").map(\.text)
        d.published = dates.first
        d.updated = dates.count > 1 ? dates.last : nil
        d.version = dates.isEmpty ? nil : dates.count
        return d
    }

    /// arXiv sometimes lists several DOIs in one field; the first is the paper's own.
    static func firstDOI(_ text: String?) -> String? {
        text?.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).first.map(String.init)
    }
}
