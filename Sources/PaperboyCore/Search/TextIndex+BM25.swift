import Foundation

extension TextIndex {
    /// FTS5's bm25 constants.
    public static let k1 = 1.2
    public static let b = 0.75

    /// The SQLite store's search weights, by column: title above abstract above authors;
    /// categories filter but never score.
    public static let searchWeights: [Double] = [10, 3, 2, 0]

    /// Every paper `query` matches, with its bm25 score as FTS5's `bm25()` (and the SQLite
    /// store's `paperboy_bm25`) computes it, negated so that higher is better:
    ///
    ///     score = Σ over phrases  idf · f · (k1 + 1) / (f + k1 · (1 − b + b · length / average length))
    ///
    /// where, for each phrase, `idf = ln((N − n + 0.5) / (n + 0.5))` (at least 1e-6) times the
    /// phrase's weight, n the papers the phrase alone matches and N all papers; `f` sums the
    /// column weights of the phrase's occurrences in the paper; lengths count the terms of
    /// all columns. Excluded phrases never occur in a match, so they add nothing.
    public func matches(_ query: TextQuery, columnWeights: [Double] = TextIndex.searchWeights) -> [PaperID: Double] {
        matches(query, columnWeights: columnWeights, corpus: nil)
    }

    /// What bm25 reads from the whole corpus when this index holds only some of its papers
    /// (a store that selects the candidates itself): all papers, the terms in all their
    /// columns, and how many papers each phrase of the query alone matches (in `phrases` order).
    public struct CorpusStatistics: Sendable {
        public var papers: Int
        public var totalLength: Int
        public var phraseMatches: [Int]

        public init(papers: Int, totalLength: Int, phraseMatches: [Int]) {
            self.papers = papers
            self.totalLength = totalLength
            self.phraseMatches = phraseMatches
        }
    }

    /// `matches` with the corpus's statistics given: the papers held here are scored as
    /// members of that corpus (nil: this index is the corpus).
    public func matches(_ query: TextQuery, columnWeights: [Double], corpus: CorpusStatistics?) -> [PaperID: Double] {
        let phrases = query.phrases
        // Each paper's occurrences of each phrase; kept for the papers the query matches.
        var papersMatching = Array(repeating: 0, count: phrases.count)
        var matched: [(id: PaperID, length: Int, occurrences: [[Column]])] = []
        for (id, document) in documents {
            let occurrences = phrases.map { self.occurrences(of: $0, in: document) }
            for (phrase, found) in occurrences.enumerated() where !found.isEmpty { papersMatching[phrase] += 1 }
            if TextIndex.satisfies(query, occurrences) { matched.append((id, document.length, occurrences)) }
        }
        if let corpus, corpus.phraseMatches.count == phrases.count { papersMatching = corpus.phraseMatches }
        let papers = Double(corpus?.papers ?? count)
        let averageLength = Double(corpus?.totalLength ?? totalLength) / max(papers, 1)
        let idf = zip(phrases, papersMatching).map { phrase, n in
            let rarity = log((papers - Double(n) + 0.5) / (Double(n) + 0.5))
            return (rarity <= 0 ? 1e-6 : rarity) * phrase.weight
        }
        var scores: [PaperID: Double] = [:]
        for paper in matched {
            let norm = TextIndex.k1 * (1 - TextIndex.b + TextIndex.b * Double(paper.length) / averageLength)
            var score = 0.0
            for (phrase, found) in paper.occurrences.enumerated() {
                let f = found.reduce(0.0) { $0 + ($1.rawValue < columnWeights.count ? columnWeights[$1.rawValue] : 1) }
                score += idf[phrase] * (f * (TextIndex.k1 + 1)) / (f + norm)
            }
            scores[paper.id] = score
        }
        return scores
    }

    /// Whether a paper with these occurrences (one list per phrase, in `phrases` order)
    /// matches: some phrase of every group occurs, and no excluded phrase does.
    private static func satisfies(_ query: TextQuery, _ occurrences: [[Column]]) -> Bool {
        var next = 0
        for group in query.groups {
            let range = next..<(next + group.count)
            next = range.upperBound
            guard range.contains(where: { !occurrences[$0].isEmpty }) else { return false }
        }
        return occurrences[next...].allSatisfy(\.isEmpty)
    }
}
