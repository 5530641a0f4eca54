/// What Paperboy learns of one reader: a linear model over a paper's words (tf-idf) and its
/// embedding, trained on the papers the reader saved or liked (positives), the ones they
/// marked down (explicit negatives) and papers sampled from the background (the rest of the
/// corpus, which a reader mostly does not want). Training is a linear SVM (`LinearSVM`);
/// scoring one paper is a sparse dot product plus a 384-wide one.
public struct ReaderModel: Sendable {
    /// Chosen on the first 60 pseudo-readers of `paperboy eval recs` (BENCHMARKS.md): C = 1
    /// beats arxiv-sanity-lite's 0.01 by 17%, the embedding at half the words' scale adds 5%,
    /// 10,000 sampled negatives keep training near 130 ms at 93k papers for 0.3% less than
    /// every earlier paper, and a loose tolerance changes no ranking.
    public struct Settings: Sendable {
        /// How much the embedding weighs against the words (rows of both are unit length).
        public var embeddingScale = 0.5
        /// Background papers drawn at random as negatives (0: every one).
        public var backgroundNegatives = 10_000
        public var svm = LinearSVM.Settings()

        public init() {
            svm.c = 1
            svm.tolerance = 0.01
        }

        /// For digests, where every subscriber's model is trained in one run: 1,000 background
        /// papers train in about a tenth of the time, so 10,000 readers' digests are made and
        /// sent in under 3 minutes on 2 cores, for 14% less nDCG@50 than the page's model
        /// (0.144 against 0.168 on 300 pseudo-readers, BENCHMARKS.md), still above both
        /// references (0.129 and 0.041).
        public static var digest: Settings {
            var settings = Settings()
            settings.backgroundNegatives = 1_000
            return settings
        }
    }

    /// The words' weights by column, then the embedding's: Floats, as scoring uses them. A
    /// server keeps a model per recent reader, and at 300,000 word features one is 1.2 MB.
    public var weights: [Float]
    public var bias: Double
    public let embeddingScale: Double
    /// Passes the training took.
    public var iterations = 0

    public static func train(words: SparseRows, embeddings: some EmbeddingRows, positives: [Int], negatives: [Int] = [],
                             background: [Int], settings: Settings = Settings()) -> ReaderModel {
        var sampled = background
        if settings.backgroundNegatives > 0, background.count > settings.backgroundNegatives {
            var random = SplitMix64(seed: settings.svm.seed)
            sampled.shuffle(using: &random)
            sampled = Array(sampled.prefix(settings.backgroundNegatives))
        }
        let samples = positives + negatives + sampled
        let positive = positives.map { _ in true } + (negatives + sampled).map { _ in false }
        let rows = JoinedFeatures(words, embeddings.gathering(samples), secondScale: settings.embeddingScale)
        let svm = LinearSVM.train(rows, samples: samples, positive: positive, settings: settings.svm)
        return ReaderModel(weights: svm.weights.map(Float.init), bias: svm.bias,
                           embeddingScale: settings.embeddingScale, iterations: svm.iterations)
    }

    /// The weight of word feature `column`.
    public func wordWeight(_ column: Int) -> Double { Double(weights[column]) }

    /// The score of each of `candidates`, into `scores` at the same indexes.
    public func score(words: SparseRows, embeddings: some EmbeddingRows, _ candidates: [Int], into scores: inout [Float]) {
        // The rows as training saw them, so scoring cannot drift from training.
        let rows = JoinedFeatures(words, embeddings.gathering(candidates), secondScale: embeddingScale)
        var weights = self.weights
        weights.withUnsafeMutableBufferPointer { w in
            for row in candidates { scores[row] = Float(rows.dot(row, w) + bias) }
        }
    }

}
