/// A full-text index of papers that answers `TextQuery`s exactly as the SQLite store's FTS5
/// table does: the same columns and text, the same terms (`TextTokenizer`), the same
/// matching and the same bm25 scores (`TextIndex+BM25.swift`).
///
/// It holds each paper's terms, column by column, in order, and evaluates a query by
/// reading every paper: exhaustive and simple, so that it can serve as the reference other
/// indexes are checked against, and as the in-memory store's index.
public struct TextIndex: Sendable {
    /// The columns of the SQLite store's `papers_fts` table, in its order.
    public enum Column: Int, CaseIterable, Hashable, Sendable {
        case title, abstract, authors, categories
    }

    /// One paper's terms, per column.
    struct Document: Sendable {
        var columns: [[[UInt8]]]
        /// Terms in all columns: bm25's document length.
        var length: Int
    }

    private(set) var documents: [PaperID: Document] = [:]
    /// In how many papers each term occurs, in any column (FTS5's `fts5vocab` `doc` count).
    public private(set) var documentFrequencies: [[UInt8]: Int] = [:]
    /// Terms in all columns of all papers: with `count`, bm25's average document length.
    public private(set) var totalLength = 0

    public init() {}

    /// How many papers are indexed.
    public var count: Int { documents.count }

    /// What the SQLite store puts in each column: the title, the abstract (none is empty),
    /// the authors as the JSON array the `papers` row holds (its quotes and commas separate
    /// words; its escapes, like `\u0001`, make words of their own, as in SQLite) and the
    /// categories separated by spaces.
    public static func columnTexts(of paper: Paper) -> [String] {
        var authors = ""
        JSONText.appendStrings(paper.authors, to: &authors)
        return [paper.title, paper.abstract ?? "", authors, paper.categories.joined(separator: " ")]
    }

    /// Indexes `paper`, replacing what was indexed under its id.
    public mutating func index(_ paper: Paper) {
        remove(paper.id)
        let columns = TextIndex.columnTexts(of: paper).map { TextTokenizer.tokens($0).map(\.term) }
        let document = Document(columns: columns, length: columns.reduce(0) { $0 + $1.count })
        for term in Set(columns.joined()) { documentFrequencies[term, default: 0] += 1 }
        totalLength += document.length
        documents[paper.id] = document
    }

    /// Removes a paper from the index.
    public mutating func remove(_ id: PaperID) {
        guard let document = documents.removeValue(forKey: id) else { return }
        for term in Set(document.columns.joined()) {
            let remaining = documentFrequencies[term, default: 0] - 1
            documentFrequencies[term] = remaining > 0 ? remaining : nil
        }
        totalLength -= document.length
    }

    /// The terms indexed for a paper in one column.
    public func terms(of id: PaperID, in column: Column) -> [[UInt8]]? {
        documents[id]?.columns[column.rawValue]
    }

    /// Where `phrase` occurs in `document`: one entry per occurrence (its column), as FTS5's
    /// `xInst` reports them. Positions count within a column; a phrase never spans two.
    func occurrences(of phrase: TextQuery.Phrase, in document: Document) -> [Column] {
        guard !phrase.terms.isEmpty else { return [] }
        var found: [Column] = []
        for column in Column.allCases where phrase.columns.contains(column) {
            let terms = document.columns[column.rawValue]
            let length = phrase.terms.count
            guard terms.count >= length else { continue }
            for start in 0...(terms.count - length) where phraseMatches(phrase, terms, at: start) {
                found.append(column)
            }
        }
        return found
    }

    private func phraseMatches(_ phrase: TextQuery.Phrase, _ terms: [[UInt8]], at start: Int) -> Bool {
        for (offset, wanted) in phrase.terms.enumerated() {
            let term = terms[start + offset]
            let isLast = offset == phrase.terms.count - 1
            if isLast && phrase.isPrefix {
                guard term.starts(with: wanted) else { return false }
            } else {
                guard term == wanted else { return false }
            }
        }
        return true
    }
}
