import PaperboyCore

/// Full-text matching in PostgreSQL on Paperboy's own terms. PostgreSQL's parsers and
/// stemmers differ from the SQLite index's (`TextTokenizer`: unicode61, diacritics removed,
/// Porter), so the store writes each paper's terms itself, as a `tsvector` literal, and
/// queries them with `tsquery` literals built from the same terms: the same papers match in
/// every store. Columns are told apart by weight (title A, abstract B, authors C, categories
/// D), and a gap in positions keeps a phrase from running from one column into the next.
enum PostgresTextSearch {
    /// Weights by `TextIndex.Column`.
    static let weights: [Character] = ["A", "B", "C", "D"]
    /// PostgreSQL's limits: positions 1...16383, lexemes under 2 KiB, 256 positions a lexeme.
    static let maximumPosition = 16_383
    static let maximumLexemeBytes = 2_046
    static let maximumPositionsPerLexeme = 255
    /// A lexeme no paper has (the tokenizer never makes `!`): a phrase that can match nothing.
    static let nothing = "'!nothing'"

    /// A paper's terms as a `tsvector` literal, and bm25's length of it (terms in all columns).
    /// Written byte by byte: an import writes tens of thousands a second.
    static func document(_ paper: Paper) -> (vector: String, length: Int) {
        // Every occurrence, then sorted by term (and position): a dictionary keyed by the
        // terms' bytes spent most of its time hashing them byte by byte.
        var occurrences: [(term: [UInt8], entry: Int)] = []  // entry: position << 2 | column
        var position = 0, length = 0
        for (column, text) in TextIndex.columnTexts(of: paper).enumerated() {
            position += 1  // the gap between columns
            for token in TextTokenizer.tokens(text) {
                length += 1
                position = min(position + 1, maximumPosition)
                guard token.term.count <= maximumLexemeBytes else { continue }
                occurrences.append((token.term, position << 2 | column))
            }
        }
        occurrences.sort { a, b in a.term == b.term ? a.entry < b.entry : a.term.lexicographicallyPrecedes(b.term) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length * 12)
        var index = 0
        while index < occurrences.count {
            let term = occurrences[index].term
            if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
            appendQuoted(term, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            var kept = 0
            while index < occurrences.count, occurrences[index].term == term {
                if kept < maximumPositionsPerLexeme {
                    if kept > 0 { bytes.append(UInt8(ascii: ",")) }
                    appendNumber(occurrences[index].entry >> 2, to: &bytes)
                    bytes.append(weightBytes[occurrences[index].entry & 3])
                    kept += 1
                }
                index += 1
            }
        }
        return (String(decoding: bytes, as: UTF8.self), length)
    }

    static let weightBytes: [UInt8] = weights.map { $0.asciiValue! }

    private static func appendNumber(_ value: Int, to bytes: inout [UInt8]) {
        if value >= 10 { appendNumber(value / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// The `tsquery` of a whole query: every group through any of its phrases, no excluded one.
    static func query(_ query: TextQuery) -> String {
        var parts = query.groups.map { group in "(" + group.map(phrase).joined(separator: " | ") + ")" }
        parts += query.excluded.map { "!(" + phrase($0) + ")" }
        return parts.joined(separator: " & ")
    }

    /// The `tsquery` of one phrase: its terms next to each other, in the phrase's columns.
    static func phrase(_ phrase: TextQuery.Phrase) -> String {
        guard !phrase.terms.isEmpty, phrase.terms.allSatisfy({ $0.count <= maximumLexemeBytes }) else { return nothing }
        let columns = String(TextIndex.Column.allCases.filter(phrase.columns.contains).map { weights[$0.rawValue] })
        guard !columns.isEmpty else { return nothing }
        let terms = phrase.terms.enumerated().map { index, term in
            let prefix = phrase.isPrefix && index == phrase.terms.count - 1 ? "*" : ""
            return quoted(term) + ":" + prefix + columns
        }
        return terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " <-> ") + ")"
    }

    /// A lexeme in single quotes, its quotes and backslashes escaped, byte by byte.
    static func quoted(_ term: [UInt8]) -> String {
        var bytes: [UInt8] = []
        appendQuoted(term, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendQuoted(_ term: [UInt8], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "'"))
        for byte in term {
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "'"))
    }
}
