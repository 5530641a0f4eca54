/// The file formats `paperboy import` reads.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// Paperboy's own JSON Lines (what `paperboy export` writes).
    case jsonl
    /// The Kaggle arXiv metadata snapshot (JSON Lines with `submitter`, `versions`, `authors_parsed`).
    case kaggle
    /// An arXiv API (`/api/query`) Atom response.
    case atom
    /// An arXiv OAI-PMH response in the `arXiv`, `arXivRaw` or `oai_dc` metadata format.
    case oai
    /// An arXiv `.abs` metadata file.
    case abs
    /// A Hugging Face `/api/daily_papers` JSON response.
    case hf
    /// A plain text page: a title line followed by its abstract line, repeated.
    case text

    /// The tag recorded in `sources` for papers read from this format.
    public var sourceTag: String {
        switch self {
        case .jsonl: "jsonl"
        case .kaggle: "arxiv-kaggle"
        case .atom: "arxiv-api"
        case .oai: "arxiv-oai"
        case .abs: "arxiv-abs"
        case .hf: "hf-daily-papers"
        case .text: "text"
        }
    }

    /// Guesses the format from the first (decompressed) bytes of a file.
    /// Returns nil for binary data or anything no reader would accept.
    public static func detect(head: [UInt8]) -> ImportFormat? {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard !bytes.contains(0) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        // Binary data decodes with many replacement characters.
        guard text.unicodeScalars.filter({ $0 == "\u{FFFD}" }).count * 100 <= max(1, text.unicodeScalars.count) else {
            return nil
        }
        let body = text.drop(while: \.isWhitespace)
        guard let first = body.first else { return nil }
        switch first {
        case "<":
            if body.contains("<feed") && body.contains("http://www.w3.org/2005/Atom") { return .atom }
            if body.contains("<OAI-PMH") { return .oai }
            return nil
        case "[":
            return .hf
        case "{":
            let firstLine = body.prefix(while: { $0 != "\n" })
            if firstLine.contains("\"authors_parsed\"") || firstLine.contains("\"submitter\"")
                || firstLine.contains("\"update_date\"") { return .kaggle }
            if !firstLine.hasSuffix("}") && body.contains("\"data\"") { return .hf }
            return .jsonl
        default:
            if body.hasPrefix("---") || body.hasPrefix("\\\\") {
                if body.contains("\nTitle:") { return .abs }
            }
            return looksLikeTextPage(body) ? .text : nil
        }
    }

    /// A text page starts with a title line and an abstract line. Anything else (a CSV
    /// export, a log) is not guessed: `--format text` can still force it.
    static func looksLikeTextPage(_ body: Substring) -> Bool {
        let lines = body.split(separator: "\n", maxSplits: 3, omittingEmptySubsequences: true)
            .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard lines.count >= 2 else { return false }
        let (title, abstract) = (lines[0], lines[1])
        guard (1...400).contains(title.count), abstract.count >= 60,
              !title.contains("\t"), !abstract.contains("\t") else { return false }
        // A CSV header: several comma-separated single words.
        let fields = title.split(separator: ",")
        return !(fields.count >= 3 && fields.allSatisfy { !$0.trimmingWhitespace().contains(" ") })
    }
}
