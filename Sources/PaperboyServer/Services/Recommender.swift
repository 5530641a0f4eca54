import Foundation
import Logging
import Metrics
import PaperboyCore
import PaperboyEmbed

/// Readers' recommendations on the server: the corpus every model shares (built in the
/// background by `RecommenderService`), and each reader's model, trained on first use and
/// kept until their library or ratings change (the model remembers what it was trained on)
/// or the corpus is rebuilt.
public actor Recommender {
    public enum Answer: Sendable {
        /// The corpus is still being built (about 20 s at 93k papers; after a start, once there is an account).
        case notReady
        /// Nothing saved or liked yet: the reader should rate a few papers first.
        case needsPapers
        case recommended(window: ClosedRange<Day>?, papers: [RecommendationCorpus.Recommendation], rateThese: [PaperID])
    }

    /// What a model was trained on: the same again means the same model.
    struct Training: Hashable {
        let positives: [PaperID]
        let negatives: [PaperID]

        /// Saved papers (and, unless `likes` is false, thumbs up) are positives; thumbs down
        /// are negatives. Sorted, so one library always gives one training set.
        init(library: [SavedPaper], ratings: [PaperID: Rating], likes: Bool = true) {
            let liked = likes ? ratings.filter { $0.value == .up }.map(\.key) : []
            positives = Array(Set(library.map(\.paper) + liked)).sorted { $0.rawValue < $1.rawValue }
            negatives = ratings.filter { $0.value == .down }.map(\.key).sorted { $0.rawValue < $1.rawValue }
        }
    }

    /// A model and what it was trained on. Models are dropped whenever a new corpus is
    /// installed, and one trained in a corpus replaced meanwhile is never kept (`keep`).
    private struct CachedModel {
        let training: Training
        let model: ReaderModel
    }

    private(set) var corpus: RecommendationCorpus?
    /// Every paper's DOI and title key, for matching imported libraries; built with the corpus.
    private(set) var catalog: LibraryCatalogIndex?
    /// The store's change sequence and embedding count the corpus was built at.
    private(set) var builtAt: (sequence: Int64, embedded: Int)?
    private var models: [String: CachedModel] = [:]
    /// Readers whose model to keep: the least recently used go first beyond this. A model is
    /// 1.2 MB at 93k papers' 300,000 word features, and training one again takes about 0.2 s,
    /// so 32 keep the readers of the moment within 40 MB.
    let capacity: Int
    private var recentUse: [String] = []

    /// The server's vector index, whose codes the corpus reads instead of keeping its own
    /// (nil: the corpus reads the store's embeddings, as a digest run outside the server does).
    let vectors: (@Sendable () async -> PaperVectorIndex?)?

    public init(capacity: Int = 32, vectors: (@Sendable () async -> PaperVectorIndex?)? = nil) {
        self.capacity = capacity
        self.vectors = vectors
    }

    /// A corpus and catalog built from the store, and the store's state they were built at.
    public struct Built: Sendable {
        let corpus: RecommendationCorpus
        let catalog: LibraryCatalogIndex
        let sequence: Int64
        let embedded: Int
        let seconds: Double
    }

    public typealias Source = PaperStore & EmbeddingStore & PaperChangeStore

    /// Reads every paper and embedding and fits the corpus (17-25 s of one core at 93k
    /// papers), off any actor; with `vectors`, the embeddings are read from there as models
    /// need them.
    public static func build(from store: any Source, vectors: PaperVectorIndex? = nil, logger: Logger) async throws -> Built {
        // The state first: a change made while reading is seen again by the next check.
        let sequence = try await store.latestPaperChange()
        let coverage = try await store.embeddingCoverage(model: SentenceEmbedder.modelName).embedded
        let started = ContinuousClock.now
        // Page by page, keeping only what the corpus and the catalog need of each paper.
        var ids: [PaperID] = [], appeared: [Day?] = [], texts = TfidfVectorizer.Fitter()
        // Room for every paper up front: arrays grown a page at a time keep up to twice the
        // room they need, for as long as the corpus lives. (More papers may arrive meanwhile.)
        let expected = try await store.count()
        ids.reserveCapacity(expected)
        appeared.reserveCapacity(expected)
        var catalog = LibraryCatalogIndex([])
        var after: PaperID?
        while case let page = try await store.papers(after: after, limit: 5_000), let last = page.last {
            ids += page.map(\.id)
            appeared += page.map(\.appeared)
            // Each text kept only as its words' numbers: the texts themselves would be about
            // 100 MB at 93k papers, freed around what the server keeps.
            for paper in page { texts.add(RecommendationCorpus.text(of: paper)) }
            catalog.add(page)
            after = last.id
        }
        let embeddings: any EmbeddingRows
        let embedded: Int
        if let vectors {
            embeddings = VectorIndexEmbeddings(index: vectors, ids: ids)
            embedded = ids.reduce(0) { $0 + (vectors.contains($1) ? 1 : 0) }
        } else {
            (embeddings, embedded) = try await storedEmbeddings(of: ids, in: store)
        }
        let corpus = RecommendationCorpus(ids: ids, appeared: appeared, texts: texts, embeddings: embeddings, embedded: embedded)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        logger.info("recommendation corpus built", metadata: ["papers": "\(corpus.count)", "embedded": "\(corpus.embedded)",
                                                               "terms": "\(corpus.vectorizer.terms.count)", "seconds": "\(String(format: "%.1f", seconds))"])
        return Built(corpus: corpus, catalog: catalog, sequence: sequence, embedded: coverage, seconds: seconds)
    }

    /// The store's embeddings of `ids`, by row, and how many there are: a page at a time,
    /// straight into their rows as bytes (all of them as Floats at once would be 1.5 kB a
    /// paper on top of the vocabulary fit).
    private static func storedEmbeddings(of ids: [PaperID], in store: any Source) async throws -> (DenseRows, Int) {
        var vectors = DenseRows(width: RecommendationCorpus.embeddingWidth, count: ids.count)
        var embedded = 0
        for start in stride(from: 0, to: ids.count, by: 5_000) {
            let page = Array(ids[start..<min(start + 5_000, ids.count)])
            let rows = Dictionary(page.enumerated().map { ($1, start + $0) }, uniquingKeysWith: { first, _ in first })
            for (id, vector) in try await store.embeddings(ids: page, model: SentenceEmbedder.modelName) {
                guard let row = rows[id], vector.count == vectors.width else { continue }
                vectors.set(row, vector)
                embedded += 1
            }
        }
        return (vectors, embedded)
    }

    /// Installs a build unless one of the same or a later state is installed already (every
    /// caller that joined a build installs it; cached models stay).
    func install(_ built: Built) {
        if let current = builtAt, current.sequence > built.sequence || (current.sequence == built.sequence && current.embedded >= built.embedded) {
            return
        }
        corpus = built.corpus
        catalog = built.catalog
        builtAt = (built.sequence, built.embedded)
        models = [:]
        recentUse = []
        Gauge(label: "paperboy_recommender_papers").record(built.corpus.count)
        Gauge(label: "paperboy_recommender_build_seconds").record(built.seconds)
    }

    private var building: Task<Built, any Error>?

    /// Builds the corpus once if there is none (a `paperboy digest run` outside the server);
    /// callers at the same time share the one build.
    public func ensureBuilt(from store: any Source, logger: Logger) async throws {
        guard corpus == nil else { return }
        try await rebuild(from: store, logger: logger)
    }

    /// Builds the corpus and installs it, or joins the build already running: one build at
    /// a time, whoever asks (the service, a reader's first visit, a digest run).
    func rebuild(from store: any Source, logger: Logger) async throws {
        let task = currentBuild(from: store, logger: logger)
        // Forgotten once it ends, failed or not: a finished task holds its corpus, and the
        // next caller after a failure tries again.
        defer { if building == task { building = nil } }
        install(try await task.value)
    }

    /// The build in progress, or a new one.
    private func currentBuild(from store: any Source, logger: Logger) -> Task<Built, any Error> {
        if let building { return building }
        let vectors = self.vectors
        let task = Task.detached { try await Recommender.build(from: store, vectors: await vectors?(), logger: logger) }
        building = task
        return task
    }

    /// The import catalog; when there is none yet, the build (started, or joined) is waited
    /// for up to `limit`: a reader's first import right after the site's first sign-in
    /// matches by DOI and title too. Nil when the build takes longer or fails.
    func catalog(from store: any Source, logger: Logger, waitingUpTo limit: Duration) async -> LibraryCatalogIndex? {
        if let catalog { return catalog }
        let task = currentBuild(from: store, logger: logger)
        let built = await withTaskGroup(of: Built?.self) { group in
            group.addTask { try? await task.value }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let built {
            install(built)
            if building == task { building = nil }
        } else {
            // Still building: whoever waits next installs it; this reader's import goes on by id.
            startBuilding(from: store, logger: logger)
        }
        return catalog
    }

    /// Starts building the corpus if there is none, without waiting: a reader's first visit
    /// (the service builds only once there are accounts, and looks once a minute).
    nonisolated func startBuilding(from store: any Source, logger: Logger) {
        Task {
            do { try await ensureBuilt(from: store, logger: logger) } catch {
                logger.warning("cannot build the recommendation corpus", metadata: ["error": "\(error)"])
            }
        }
    }

    func forget(account: Int64) {
        let prefix = "\(account)|"
        models = models.filter { !$0.key.hasPrefix(prefix) }
        recentUse.removeAll { $0.hasPrefix(prefix) }
    }

    /// The model for the reader's training set, trained now unless the cached one was
    /// trained on the same papers (training runs outside the actor: readers do not queue).
    nonisolated func model(account: Int64, collection: String?, training: Training) async -> (RecommendationCorpus, ReaderModel)? {
        let key = "\(account)|\(collection ?? "")"
        guard let (corpus, cached) = await cachedModel(key: key, training: training) else { return nil }
        if let cached {
            await touch(key)
            return (corpus, cached)
        }
        guard let model = corpus.train(positives: training.positives, negatives: training.negatives) else { return nil }
        await keep(model, key: key, training: training, corpus: corpus)
        return (corpus, model)
    }

    /// Caches a model unless the corpus it was trained in has been replaced meanwhile.
    private func keep(_ model: ReaderModel, key: String, training: Training, corpus trainedIn: RecommendationCorpus) {
        guard corpus?.identity == trainedIn.identity else { return }
        models[key] = CachedModel(training: training, model: model)
        touch(key)
        Gauge(label: "paperboy_recommender_models").record(models.count)
    }

    private func touch(_ key: String) {
        recentUse.removeAll { $0 == key }
        recentUse.append(key)
        while recentUse.count > capacity { models[recentUse.removeFirst()] = nil }
    }

    /// Recommendations for a reader from the papers of `window` (ending on the last day with
    /// papers on or before `today`), without the papers they saved or rated. Scoring runs off
    /// the actor, so readers never queue behind one another.
    nonisolated func recommend(account: Int64, collection: String?, library: [SavedPaper], ratings: [PaperID: Rating],
                               window: TrendingWindow, today: Day, limit: Int) async -> Answer {
        guard await corpus != nil else { return .notReady }
        // A collection's recommendations learn from its papers (and every thumbs down); the
        // whole library's from every saved paper and every thumbs up too.
        let training = Training(library: library, ratings: ratings, likes: collection == nil)
        guard let (corpus, model) = await model(account: account, collection: collection, training: training) else {
            return .needsPapers
        }
        let positives = training.positives
        let seen = Set(positives).union(ratings.keys)
        let days = corpus.window(days: window.days, endingBy: today)
        let candidates = days.map { corpus.candidates(in: $0, excluding: seen) } ?? []
        let papers = corpus.recommend(model, candidates: candidates, library: positives, limit: limit)
        // The ones to rate come from the month, past what is already shown.
        let shown = Set(papers.map(\.paper))
        let month = corpus.window(days: 30, endingBy: today).map { corpus.candidates(in: $0, excluding: seen.union(shown)) } ?? []
        return .recommended(window: days, papers: papers, rateThese: corpus.leastCertain(model, candidates: month, limit: 5))
    }

    /// The reader's picks among the papers of `days` (a digest's window), best first: with
    /// the model the site trained for them when it is current, else one trained now with
    /// `settings` (digests use fewer background papers: every reader's model is trained in the
    /// run) and not kept. Throws while the corpus is being built: the reader's digest waits
    /// for the next run rather than go without.
    nonisolated func picks(account: Int64, library: [SavedPaper], ratings: [PaperID: Rating], days: ClosedRange<Day>, limit: Int,
                           settings: ReaderModel.Settings) async throws -> [RecommendationCorpus.Recommendation] {
        let training = Training(library: library, ratings: ratings)
        guard let (corpus, cached) = await cachedModel(key: "\(account)|", training: training) else { throw NotReady() }
        guard let model = cached ?? corpus.train(positives: training.positives, negatives: training.negatives, settings: settings) else { return [] }
        let candidates = corpus.candidates(in: days, excluding: Set(training.positives).union(ratings.keys))
        return corpus.recommend(model, candidates: candidates, library: training.positives, limit: limit, reasons: false)
    }

    /// The corpus, and the model cached for `key` if it was trained on `training`; nil before
    /// the corpus is built.
    private func cachedModel(key: String, training: Training) -> (RecommendationCorpus, ReaderModel?)? {
        guard let corpus else { return nil }
        guard let cached = models[key], cached.training == training else { return (corpus, nil) }
        return (corpus, cached.model)
    }

    struct NotReady: Error, CustomStringConvertible {
        var description: String { "the recommendation corpus is still being built" }
    }
}
