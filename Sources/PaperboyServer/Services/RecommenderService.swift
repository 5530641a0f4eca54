import Foundation
import Logging
import PaperboyCore
import PaperboyEmbed
import ServiceLifecycle

/// Builds the recommendation corpus at start and rebuilds it when papers or embeddings have
/// changed, at most once every `minimumInterval` (a build reads every paper and fits the
/// vocabulary: about 25 s of one core at 93k papers).
struct RecommenderService: Service {
    let recommender: Recommender
    let store: any PaperStore & EmbeddingStore & PaperChangeStore
    let logger: Logger
    var minimumInterval: Duration
    var checkEvery: Duration = .seconds(60)

    init(site: Site) {
        recommender = site.recommender
        store = site.store
        logger = site.logger
        minimumInterval = .seconds(site.settings.recommenderRefreshSeconds)
    }

    func run() async {
        try? await cancelWhenGracefulShutdown {
            let clock = ContinuousClock()
            var lastBuild: ContinuousClock.Instant?
            while !Task.isCancelled {
                if lastBuild.map({ clock.now - $0 >= minimumInterval }) ?? true {
                    do {
                        if try await refresh() { lastBuild = clock.now }
                    } catch {
                        logger.warning("cannot build the recommendation corpus", metadata: ["error": "\(error)"])
                    }
                }
                try await Task.sleep(for: checkEvery)
            }
        }
    }

    /// Builds when the store changed since the last build; whether it built.
    @discardableResult
    func refresh() async throws -> Bool {
        let sequence = try await store.latestPaperChange()
        let embedded = try await store.embeddingCoverage(model: SentenceEmbedder.modelName).embedded
        if let built = await recommender.builtAt, built.sequence == sequence, built.embedded == embedded { return false }
        await recommender.install(try await Recommender.build(from: store, logger: logger))
        return true
    }
}
