import Foundation
import Logging
import PaperboyCore
import PaperboyEmbed
import ServiceLifecycle

/// Builds the recommendation corpus once there is an account (before, nobody can have
/// recommendations, and a site without readers keeps the memory: about 265 MiB at 93k
/// papers; the first sign-in starts the build at once), and rebuilds it when papers or
/// embeddings have changed, at most once every `minimumInterval` (a build reads every paper
/// and fits the vocabulary: about 20 s of one core at 93k papers).
struct RecommenderService: Service {
    let recommender: Recommender
    let store: any PaperStore & EmbeddingStore & PaperChangeStore & AccountStore
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

    /// Builds when there are accounts and the store changed since the last build; whether it built.
    @discardableResult
    func refresh() async throws -> Bool {
        guard try await store.accountCount() > 0 else { return false }
        let sequence = try await store.latestPaperChange()
        let embedded = try await store.embeddingCoverage(model: SentenceEmbedder.modelName).embedded
        if let built = await recommender.builtAt, built.sequence == sequence, built.embedded == embedded { return false }
        try await recommender.rebuild(from: store, logger: logger)
        return true
    }
}
