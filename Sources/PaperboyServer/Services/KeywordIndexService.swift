import Foundation
import Logging
import Metrics
import NIOCore
import PaperboyCore
import PaperboySearch
import ServiceLifecycle

/// Keeps this process's keyword index beside the store: loads its snapshot (or builds it)
/// at start, catches up with the store's changes every `interval` (imports, fetches and
/// other processes' writes become searchable within about that long), rebuilds it when
/// replaced papers make up a fifth of it, and saves the snapshot now and then and at
/// shutdown. Until the index is ready the store answers every search; results are the same.
public struct KeywordIndexService: Service {
    let index: KeywordSearchService
    let logger: Logger
    let interval: Duration
    /// Pages that list papers and are cached (trending): dropped when papers changed, so a
    /// paper imported or fetched through any process sharing the database is listed here
    /// within about `interval`, as it is searchable.
    let trendingCache: ExpiringCache<ByteBuffer>
    /// Save when this many changes are not in the snapshot, or when any are and
    /// `saveEvery` has passed.
    var saveAfterChanges: Int64 = 20_000
    var saveEvery: Duration = .seconds(600)

    public init(site: Site) {
        index = site.keywordIndex
        trendingCache = site.trendingCache
        logger = site.logger
        interval = .milliseconds(Int64(site.settings.indexCatchUpInterval * 1_000))
    }

    public func run() async {
        try? await cancelWhenGracefulShutdown {
            try await self.loop()
        }
        // Stopping: keep what was caught up, so the next start has less to do.
        do { try await index.save() } catch {
            logger.warning("cannot save the keyword index", metadata: ["error": "\(error)"])
        }
    }

    private func loop() async throws {
        let clock = ContinuousClock()
        while !Task.isCancelled {
            do {
                try await index.open()
                break
            } catch {
                logger.error("cannot open the keyword index; the store answers searches meanwhile", metadata: ["error": "\(error)"])
                try await Task.sleep(for: .seconds(30))
            }
        }
        record(index.status)
        // Pages cached while the index was opened may predate changes it already holds.
        trendingCache.invalidate()
        var saved = clock.now
        while !Task.isCancelled {
            try await Task.sleep(for: interval)
            do {
                let before = index.status.sequence
                try await index.catchUp()
                var status = index.status
                if status.sequence != before { trendingCache.invalidate() }
                if status.deadShare > 0.2 {
                    logger.notice("rebuilding the keyword index", metadata: ["replaced": "\(String(format: "%.0f%%", status.deadShare * 100))"])
                    try await index.rebuild()
                    saved = clock.now
                    status = index.status
                }
                let unsaved = status.sequence - status.snapshotSequence
                if unsaved >= saveAfterChanges || (unsaved > 0 && clock.now - saved > saveEvery) {
                    try await index.save()
                    saved = clock.now
                }
                record(index.status)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                logger.warning("cannot catch the keyword index up", metadata: ["error": "\(error)"])
            }
        }
    }

    private func record(_ status: KeywordSearchService.Status) {
        Gauge(label: "paperboy_keyword_index_papers").record(status.papers)
        Gauge(label: "paperboy_keyword_index_terms").record(status.terms)
        Gauge(label: "paperboy_keyword_index_posting_bytes").record(status.postingBytes)
        Gauge(label: "paperboy_keyword_index_bitmap_bytes").record(status.bitmapBytes)
        Gauge(label: "paperboy_keyword_index_top_list_bytes").record(status.topListBytes)
        Gauge(label: "paperboy_keyword_index_lag_changes").record(status.lag)
        Gauge(label: "paperboy_keyword_index_build_seconds").record(status.buildSeconds)
        Gauge(label: "paperboy_keyword_index_load_seconds").record(status.loadSeconds)
        Gauge(label: "paperboy_keyword_index_replaced_ratio").record(status.deadShare)
    }
}
