import Foundation

/// The papers a site recommends from, as reader models see them: each paper's words (tf-idf
/// of title and abstract, `TfidfVectorizer.Settings.paperboy`) and its MiniLM embedding
/// (zeros until it has one), by row. Built once from the store and shared by every reader's
/// model; a model is trained and scores in these rows.
public struct RecommendationCorpus: Sendable {
    public struct Recommendation: Sendable, Equatable {
        public var paper: PaperID
        public var score: Float
        /// The reader's paper it is most like by meaning.
        public var like: PaperID?
        /// The words that add most to its score.
        public var words: [String]
    }

    public let ids: [PaperID]
    public let appeared: [Day?]
    public let vectorizer: TfidfVectorizer
    public let words: SparseRows
    /// Each paper's embedding, by row (zeros until it has one): the corpus's own rows, or the
    /// server's vector index, which holds the same codes (`EmbeddingRows`).
    public let embeddings: any EmbeddingRows
    public let rows: [PaperID: Int]
    /// Papers with an embedding.
    public let embedded: Int
    /// The days papers appeared on, ascending, each once.
    public let days: [Day]
    /// Tells corpora apart (a model belongs to the corpus it was trained in).
    public let identity = UUID()

    public static let embeddingWidth = 384

    public init(papers: [Paper], embeddings vectors: [PaperID: [Float]]) {
        var embeddings = DenseRows(width: Self.embeddingWidth, count: papers.count)
        var embedded = 0
        for (row, paper) in papers.enumerated() {
            guard let vector = vectors[paper.id], vector.count == Self.embeddingWidth else { continue }
            embeddings.set(row, vector)
            embedded += 1
        }
        self.init(ids: papers.map(\.id), appeared: papers.map(\.appeared), texts: papers.map(Self.text(of:)),
                  embeddings: embeddings, embedded: embedded)
    }

    /// The corpus of papers given as ids, days and texts (`text(of:)`) by row, and their
    /// embeddings in the same rows (zeros for none; `embedded` of them are not).
    public init(ids: [PaperID], appeared: [Day?], texts: [String], embeddings: any EmbeddingRows, embedded: Int) {
        var fitter = TfidfVectorizer.Fitter()
        for text in texts { fitter.add(text) }
        self.init(ids: ids, appeared: appeared, texts: fitter, embeddings: embeddings, embedded: embedded)
    }

    /// The same with the texts gathered in a fitter (`text(of:)` of each paper, by row): what
    /// a server builds from, so that it never holds every paper or text at once.
    public init(ids: [PaperID], appeared: [Day?], texts: TfidfVectorizer.Fitter, embeddings: any EmbeddingRows, embedded: Int) {
        precondition(ids.count == appeared.count && ids.count == texts.count && embeddings.count == ids.count)
        self.ids = ids
        self.appeared = appeared
        (vectorizer, words) = texts.fit(settings: .paperboy)
        self.embeddings = embeddings
        self.embedded = embedded
        rows = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        days = Array(Set(appeared.compactMap { $0 })).sorted()
    }

    /// What a paper's words are taken from.
    public static func text(of paper: Paper) -> String { paper.title + " " + (paper.abstract ?? "") }

    public var count: Int { ids.count }

    /// A model of the reader who liked `positives` and not `negatives`, with the rest of the
    /// corpus as background; nil when no positive is in the corpus.
    public func train(positives: [PaperID], negatives: [PaperID], settings: ReaderModel.Settings = ReaderModel.Settings()) -> ReaderModel? {
        let positiveRows = Array(Set(positives.compactMap { rows[$0] })).sorted()
        guard !positiveRows.isEmpty else { return nil }
        let negativeRows = Array(Set(negatives.compactMap { rows[$0] }).subtracting(positiveRows)).sorted()
        let known = Set(positiveRows).union(negativeRows)
        let background = (0..<count).filter { !known.contains($0) }
        return ReaderModel.train(words: words, embeddings: embeddings, positives: positiveRows, negatives: negativeRows,
                                 background: background, settings: settings)
    }

    /// The window of `days` days ending at the latest day on or before `end` on which papers
    /// appeared (a quiet weekend still shows the last listing), or nil for an empty corpus.
    public func window(days: Int, endingBy end: Day) -> ClosedRange<Day>? {
        // The last day on or before `end`: just before the first day after it.
        let after = self.days.partitioningIndex { $0 > end }
        guard after > 0 else { return nil }
        let last = self.days[after - 1]
        return last.adding(days: -(max(1, days) - 1))...last
    }

    /// Rows of the papers that appeared within `days`, less `excluding`.
    public func candidates(in days: ClosedRange<Day>, excluding: Set<PaperID>) -> [Int] {
        (0..<count).filter { row in
            guard let day = appeared[row], days.contains(day) else { return false }
            return !excluding.contains(ids[row])
        }
    }

    /// The best `limit` of `candidates` for the model, each with its reason (`library` are the
    /// reader's papers a reason may name), or without (`reasons: false`: a digest shows none).
    public func recommend(_ model: ReaderModel, candidates: [Int], library: [PaperID], limit: Int, reasons: Bool = true) -> [Recommendation] {
        var scores = [Float](repeating: 0, count: count)
        model.score(words: words, embeddings: embeddings, candidates, into: &scores)
        var top = TopScores(capacity: limit)
        for row in candidates { top.offer(row, scores[row]) }
        let libraryRows = library.compactMap { rows[$0] }
        let ranked = top.rankedWithScores()
        // The embeddings a reason compares: the library's and the recommended papers'.
        let compared = reasons ? embeddings.gathering(libraryRows + ranked.map(\.index)) : nil
        return ranked.map { row, score in
            guard let compared else { return Recommendation(paper: ids[row], score: score, like: nil, words: []) }
            let reason = RecommendationReason.explain(row, model: model, words: words, terms: vectorizer.terms, embeddings: compared,
                                                      library: libraryRows)
            // A reason by meaning needs both papers embedded: a zero vector is like nothing.
            let like = reason.nearest.flatMap { $0.cosine > 0 ? ids[$0.index] : nil }
            return Recommendation(paper: ids[row], score: score, like: like, words: reason.words)
        }
    }

    /// The `limit` candidates the model is least sure about (scores nearest its boundary):
    /// rating them teaches it most, as Scholar Inbox asks new readers to do.
    public func leastCertain(_ model: ReaderModel, candidates: [Int], limit: Int) -> [PaperID] {
        var scores = [Float](repeating: 0, count: count)
        model.score(words: words, embeddings: embeddings, candidates, into: &scores)
        var top = TopScores(capacity: limit)
        for row in candidates { top.offer(row, -abs(scores[row])) }
        return top.ranked().map { ids[$0] }
    }
}
