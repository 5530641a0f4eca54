import Foundation
import Logging
import Metrics
import PaperboyCore
import PaperboyEmbed
import PaperboySearch
import ServiceLifecycle

/// Embeds papers as they arrive (imports, fetches), newest first, so semantic search and
/// similar papers cover them; a fresh database is backfilled the same way. It loads the
/// vectors at start, so the first search does not pay for it, and reloads them when
/// another process (`paperboy embed`) has added some.
///
/// It rests as long as each batch took, so it takes at most about half of the machine
/// from the requests it shares it with.
public struct EmbeddingService: Service {
    let searcher: PaperSearcher
    /// Where embeddings go, and where a failed batch is recorded.
    let store: any EmbeddingStore & JobProblemStore
    let logger: Logger
    let now: @Sendable () -> Date
    var batchSize = 32
    var idlePause: Duration = .seconds(60)

    let lease: JobLease

    public init(site: Site) {
        searcher = site.searcher
        store = site.store
        logger = site.logger
        now = site.now
        lease = JobLease(store: site.store, now: site.now, logger: site.logger)
    }

    public func run() async {
        guard let embedder = searcher.semantic.embedder else {
            logger.notice("papers are not embedded", metadata: ["reason": "\(searcher.semantic.unavailableReason ?? "")"])
            // A service that returns stops the whole server: idle until it stops instead.
            try? await gracefulShutdown()
            return
        }
        try? await cancelWhenGracefulShutdown {
            try await self.loop(embedder)
        }
        // Stopping: keep what was added, so the next start need not add it again.
        do { try await searcher.semantic.save() } catch {
            logger.warning("cannot save the vector index", metadata: ["error": "\(error)"])
        }
    }

    private func loop(_ embedder: SentenceEmbedder) async throws {
        let semantic = searcher.semantic
        let model = SentenceEmbedder.modelName
        do {
            let index = try await semantic.snapshot()
            logger.notice("embeddings loaded", metadata: ["papers": "\(index.count)"])
            Self.record(index)
        } catch {
            logger.warning("cannot load embeddings", metadata: ["error": "\(error)"])
        }
        try await PacedLoop(idlePause: idlePause).run {
            do {
                // One server at a time embeds, batch by batch; the others rest and load what
                // it stored when they are idle (`whenIdle`), so no paper is embedded twice.
                let embed: @Sendable () async throws -> Int = { [store, batchSize] in
                    let entries = try await embedder.embedPending(in: store, limit: batchSize)
                    await semantic.add(entries)
                    return entries.count
                }
                return .worked(try await lease.run("embed", embed) ?? 0)
            } catch {
                // Logged, counted and recorded; the loop rests and tries again rather than
                // spinning on the same batch.
                logger.warning("cannot embed papers", metadata: ["error": "\(error)"])
                Counter(label: "paperboy_job_items_set_aside_total", dimensions: [("job", "embed")]).increment()
                try? await store.recordProblem(.embed, item: "batch", reason: "\(error)", at: now())
                return .failed
            }
        } report: { done in
            let (stored, papers) = (try? await store.embeddingCoverage(model: model)) ?? (-1, -1)
            logger.info("papers embedded", metadata: ["embedded": "\(done)", "covered": "\(stored)", "papers": "\(papers)"])
        } whenIdle: {
            if (try? await semantic.reloadIfStale()) == true { logger.info("embeddings reloaded") }
            if let index = try? await semantic.snapshot() { Self.record(index) }
            do { try await semantic.save() } catch {
                logger.warning("cannot save the vector index", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The vector index's size, for /metrics.
    static func record(_ index: PaperVectorIndex) {
        Gauge(label: "paperboy_vector_index_papers").record(index.count)
        Gauge(label: "paperboy_vector_index_bytes").record(index.memoryBytes)
    }
}
