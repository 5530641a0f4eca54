/// Parses an arXiv `.abs` metadata file: a header of `Key: value` lines (continued on
/// indented lines) between `\\` separators, then the abstract.
public enum AbsFileParser {
    public static func parse(_ bytes: [UInt8], source: String) -> [ParsedRecord] {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        // Sections are separated by lines that are exactly `\\`.
        var sections: [[Substring]] = [[]]
        for line in lines {
            if line.trimmingWhitespace() == "\\\\" { sections.append([]) } else { sections[sections.count - 1].append(line) }
        }
        guard sections.count >= 3 else {
            return [.invalid(RecordIssue(.record(1), .malformed("no \\\\-separated header and abstract")))]
        }
        var draft = PaperDraft()
        var dates: [String] = []
        var field: (key: String, value: String)?
        func flush() {
            guard let (key, value) = field else { return }
            switch key.lowercased() {
            case "arxiv", "paper": draft.id = value
            case "title": draft.title = value
            case "authors": draft.authors = AuthorNames.split(value)
            case "categories": draft.categories = value.split(separator: " ").map(String.init)
            case "comments": draft.comments = value
            case "journal-ref": draft.journalRef = value
            case "doi": draft.doi = OAIPMHParser.firstDOI(value)
            default:
                if key.lowercased().hasPrefix("date") {
                    // `Mon, 2 Apr 2007 19:18:42 GMT   (443kb)`
                    dates.append(String(value.prefix(while: { $0 != "(" })))
                }
            }
            field = nil
        }
        for line in sections[1] {
            if line.first == " " || line.first == "\t", let current = field {
                field = (current.key, current.value + " " + line.trimmingWhitespace())
                continue
            }
            flush()
            if let colon = line.firstIndex(of: ":") {
                field = (String(line[..<colon]).trimmingCharacters(), String(line[line.index(after: colon)...].trimmingWhitespace()))
            }
        }
        flush()
        draft.abstract = sections[2].joined(separator: "\n")
        draft.published = dates.first
        draft.updated = dates.count > 1 ? dates.last : nil
        draft.version = dates.isEmpty ? nil : dates.count
        draft.sources = [source]
        return [ParsedRecord(draft, at: .record(1))]
    }
}

private extension String {
    func trimmingCharacters() -> String { String(trimmingWhitespace()) }
}
