import Foundation

/// `paperboy eval recs`: Paperboy's recommender against arxiv-sanity-lite's (`svm_tfidf`)
/// and zotero-arxiv-daily's (`decayed_cosine`) on the same pseudo-readers and the same
/// split (see `PseudoReader`), every method scoring every candidate.
public struct RecommendationEvaluation: Sendable {
    public let papers: [PseudoReader.Facts]
    /// arxiv-sanity-lite's tf-idf rows of every paper (title and abstract).
    public let tfidf: SparseRows
    /// Paperboy's word rows of every paper.
    public let words: SparseRows
    public let embeddings: DenseRows
    public var paperboy = ReaderModel.Settings()

    public init(papers: [PseudoReader.Facts], tfidf: SparseRows, words: SparseRows, embeddings: DenseRows) {
        precondition(tfidf.count == papers.count && words.count == papers.count && embeddings.count == papers.count)
        self.papers = papers
        self.tfidf = tfidf
        self.words = words
        self.embeddings = embeddings
    }

    public static let methods = ["paperboy", "svm_tfidf", "decayed_cosine"]

    /// One reader's figures per method.
    public struct ReaderResult: Sendable {
        public var reader: String
        public var ndcg: [String: Double] = [:]
        public var recall: [String: Double] = [:]
        /// Training and scoring every paper.
        public var milliseconds: [String: Double] = [:]
        /// Paperboy's training alone.
        public var trainingMilliseconds = 0.0
        public var trainingIterations = 0
    }

    public func evaluate(_ reader: PseudoReader, methods: [String] = Self.methods) -> ReaderResult {
        let candidates = reader.candidates(in: papers)
        let history = reader.history(in: papers)
        var result = ReaderResult(reader: reader.name)
        let clock = ContinuousClock()
        // Every method scores every paper, as a site does for its lists; the metrics read the candidates.
        let everyPaper = Array(papers.indices)
        for method in methods {
            var scores = [Float](repeating: -.infinity, count: papers.count)
            let elapsed = clock.measure {
                switch method {
                case "svm_tfidf":
                    let svm = LinearSVM.train(tfidf, samples: reader.library + history,
                                              positive: reader.library.map { _ in true } + history.map { _ in false })
                    svm.score(tfidf, everyPaper, into: &scores)
                case "decayed_cosine":
                    let newestFirst = reader.library.reversed().map { $0 }
                    scores = DecayedCosine.scores(embeddings: embeddings, libraryNewestFirst: newestFirst, candidates: everyPaper)
                default:
                    let start = clock.now
                    let model = ReaderModel.train(words: words, embeddings: embeddings, positives: reader.library,
                                                  background: history, settings: paperboy)
                    result.trainingMilliseconds = (clock.now - start).seconds * 1000
                    result.trainingIterations = model.iterations
                    model.score(words: words, embeddings: embeddings, everyPaper, into: &scores)
                }
            }
            let figures = reader.metrics(scores: scores, candidates: candidates)
            result.ndcg[method] = figures.ndcg
            result.recall[method] = figures.recall
            result.milliseconds[method] = elapsed.seconds * 1000
        }
        return result
    }
}
