import Foundation
import Logging
import PaperboyCore
import ServiceLifecycle

/// Computes every paper's similar-paper list in the background, newest papers first, so a
/// paper page reads a stored list instead of running a 20-60 ms query. It then keeps up
/// with new papers and refreshes lists older than `refreshAge` (they miss newer papers).
///
/// It works in small batches and rests as long as each batch took, so it takes at most
/// about half of one core from the requests it shares the machine with.
public struct SimilarListsService: Service {
    let store: any SimilarListStore
    let logger: Logger
    let now: @Sendable () -> Date
    var batchSize = 20
    var idlePause: Duration = .seconds(300)
    var refreshAge: TimeInterval = 30 * 86_400

    /// With leases, one server at a time computes lists, batch by batch (each batch picks
    /// the papers still without one, so none is computed twice).
    let lease: JobLease?

    public init(store: any SimilarListStore, leases: (any JobLeaseStore)? = nil, now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger) {
        self.now = now
        self.store = store
        self.logger = logger
        lease = leases.map { JobLease(store: $0, now: now, logger: logger) }
    }

    public func run() async {
        // Stopping is not a failure: a cancelled pause ends the loop and the service.
        try? await cancelWhenGracefulShutdown {
            try await self.loop()
        }
    }

    private func loop() async throws {
        try await PacedLoop(idlePause: idlePause).run {
            do {
                let fill: @Sendable () async throws -> Int = { [store, batchSize, refreshAge, now] in
                    try await store.fillSimilarLists(limit: batchSize, refreshingBefore: now().addingTimeInterval(-refreshAge))
                }
                // Another server computing lists: this one rests (as when nothing is left).
                guard let lease else { return .worked(try await fill()) }
                return .worked(try await lease.run("similar-lists", fill) ?? 0)
            } catch {
                logger.warning("cannot compute similar-paper lists", metadata: ["error": "\(error)"])
                return .failed
            }
        } report: { done in
            let missing = (try? await store.similarListsMissing()) ?? -1
            logger.info("similar-paper lists computed", metadata: ["computed": "\(done)", "missing": "\(missing)"])
        }
    }
}
