/// Reads a plain text page of papers: a title line followed by its abstract line, repeated
/// (blank lines between papers are ignored). A title that names an arXiv id or URL
/// (`2401.12345: Title`, `arXiv:2401.12345 Title`) keeps it; otherwise the paper gets a
/// `local:` id derived from its title, so that importing the same page twice changes nothing.
public struct TextPageReader: RecordReader {
    private var lines: LineReader

    public init(file: InputFile) { self.lines = LineReader(file: file) }

    public mutating func next() throws(InputError) -> ParsedRecord? {
        guard let (titleLine, titleNumber) = try nextNonBlankLine() else { return nil }
        let location = RecordLocation.line(titleNumber)
        guard let (abstract, _) = try nextNonBlankLine() else {
            return .invalid(RecordIssue(location, .missingField("abstract line after the title")))
        }
        var draft = PaperDraft()
        let (id, title) = TextPageReader.splitLeadingID(titleLine)
        draft.id = id ?? PaperID.local(forTitle: Text.collapsingWhitespace(title)).rawValue
        draft.title = title
        draft.abstract = abstract
        draft.sources = [ImportFormat.text.sourceTag]
        return ParsedRecord(draft, at: location)
    }

    private mutating func nextNonBlankLine() throws(InputError) -> (String, Int)? {
        while let bytes = try lines.nextLine() {
            let line = String(decoding: bytes, as: UTF8.self)
            if !line.trimmingWhitespace().isEmpty { return (line, lines.lineNumber) }
        }
        return nil
    }

    /// `2401.12345: Title`, `[2401.12345] Title`, `https://arxiv.org/abs/2401.12345 Title`.
    static func splitLeadingID(_ line: String) -> (id: String?, title: String) {
        let trimmed = line.trimmingWhitespace()
        guard let firstSpace = trimmed.firstIndex(where: \.isWhitespace) else { return (nil, String(trimmed)) }
        let token = trimmed[..<firstSpace].trimmingCharacters(in: "[]():")
        guard PaperID.parse(token) != nil else { return (nil, String(trimmed)) }
        return (String(token), String(trimmed[firstSpace...].trimmingWhitespace()))
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return s
    }
}
