import Foundation
import Logging
import PaperboyCore
import PaperboyEmbed

/// Readers' recommendations on the server: the corpus every model shares (built in the
/// background by `RecommenderService`), and each reader's model, trained on first use and
/// kept until their library or ratings change (the model remembers what it was trained on)
/// or the corpus is rebuilt.
public actor Recommender {
    public enum Answer: Sendable {
        /// The corpus is still being built (about 25 s at 93k papers after a start).
        case notReady
        /// Nothing saved or liked yet: the reader should rate a few papers first.
        case needsPapers
        case recommended(window: ClosedRange<Day>?, papers: [RecommendationCorpus.Recommendation], rateThese: [PaperID])
    }

    /// What a model was trained on: the same again means the same model.
    struct Training: Hashable {
        let positives: [PaperID]
        let negatives: [PaperID]
    }

    private struct CachedModel {
        let training: Training
        let corpusGeneration: Int
        let model: ReaderModel
    }

    private(set) var corpus: RecommendationCorpus?
    /// Every paper's DOI and title key, for matching imported libraries; built with the corpus.
    private(set) var catalog: LibraryCatalogIndex?
    private(set) var generation = 0
    /// The store's change sequence and embedding count the corpus was built at.
    private(set) var builtAt: (sequence: Int64, embedded: Int)?
    private(set) var buildSeconds: Double?
    private var models: [String: CachedModel] = [:]
    /// Readers whose model to keep: the least recently used go first beyond this.
    let capacity: Int
    private var recentUse: [String] = []

    public init(capacity: Int = 1_000) {
        self.capacity = capacity
    }

    func install(_ corpus: RecommendationCorpus, catalog: LibraryCatalogIndex, sequence: Int64, embedded: Int, seconds: Double) {
        self.corpus = corpus
        self.catalog = catalog
        generation += 1
        builtAt = (sequence, embedded)
        buildSeconds = seconds
        models = [:]
        recentUse = []
    }

    func forget(account: Int64) {
        let prefix = "\(account)|"
        models = models.filter { !$0.key.hasPrefix(prefix) }
        recentUse.removeAll { $0.hasPrefix(prefix) }
    }

    /// The model for the reader's training set, trained now unless the cached one was
    /// trained on the same papers (training runs outside the actor: readers do not queue).
    func model(account: Int64, collection: String?, training: Training) async -> (RecommendationCorpus, ReaderModel)? {
        guard let corpus else { return nil }
        let key = "\(account)|\(collection ?? "")"
        if let cached = models[key], cached.training == training, cached.corpusGeneration == generation {
            touch(key)
            return (corpus, cached.model)
        }
        let generation = self.generation
        guard let model = await Self.train(corpus, training) else { return nil }
        if generation == self.generation {
            models[key] = CachedModel(training: training, corpusGeneration: generation, model: model)
            touch(key)
        }
        return (corpus, model)
    }

    private nonisolated static func train(_ corpus: RecommendationCorpus, _ training: Training) async -> ReaderModel? {
        corpus.train(positives: training.positives, negatives: training.negatives)
    }

    private func touch(_ key: String) {
        recentUse.removeAll { $0 == key }
        recentUse.append(key)
        while recentUse.count > capacity { models[recentUse.removeFirst()] = nil }
    }

    /// Recommendations for a reader from the papers of `window` (ending on the last day with
    /// papers on or before `today`), without the papers they saved or rated.
    func recommend(account: Int64, collection: String?, library: [SavedPaper], ratings: [PaperID: Rating],
                   window: TrendingWindow, today: Day, limit: Int) async -> Answer {
        guard corpus != nil else { return .notReady }
        // A collection's recommendations learn from its papers (and every thumbs down); the
        // whole library's from every saved paper and every thumbs up too.
        let liked = collection == nil ? ratings.filter { $0.value == .up }.map(\.key) : []
        let positives = Array(Set(library.map(\.paper) + liked)).sorted { $0.rawValue < $1.rawValue }
        let negatives = ratings.filter { $0.value == .down }.map(\.key).sorted { $0.rawValue < $1.rawValue }
        guard let (corpus, model) = await model(account: account, collection: collection,
                                                training: Training(positives: positives, negatives: negatives)) else {
            return .needsPapers
        }
        let seen = Set(positives).union(negatives).union(ratings.keys)
        let days = corpus.window(days: window.days, endingBy: today)
        let candidates = days.map { corpus.candidates(in: $0, excluding: seen) } ?? []
        let papers = corpus.recommend(model, candidates: candidates, library: positives, limit: limit)
        // The ones to rate come from the month, past what is already shown.
        let shown = Set(papers.map(\.paper))
        let month = corpus.window(days: 30, endingBy: today).map { corpus.candidates(in: $0, excluding: seen.union(shown)) } ?? []
        return .recommended(window: days, papers: papers, rateThese: corpus.leastCertain(model, candidates: month, limit: 5))
    }

    /// For `/metrics` and the admin page.
    var status: (papers: Int, embedded: Int, models: Int, buildSeconds: Double?) {
        (corpus?.count ?? 0, corpus?.embedded ?? 0, models.count, buildSeconds)
    }
}
