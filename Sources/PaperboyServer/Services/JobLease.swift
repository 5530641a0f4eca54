import Foundation
import Logging
import PaperboyCore
import PaperboyMail

/// Runs a background job only while this process holds its lease (`JobLeaseStore`), so
/// that of several servers on one database one at a time runs it. The lease is renewed
/// while the job runs and released when it ends; a process that dies stops renewing, and
/// another takes the job over once `duration` has passed.
struct JobLease: Sendable {
    let store: any JobLeaseStore
    /// This process (`host:pid`), as delivery claims name it.
    var holder = DeliveryClaim.thisProcess
    var duration: TimeInterval = 60
    let now: @Sendable () -> Date
    let logger: Logger

    /// `body`'s result, or nil when another process holds the job (or the store cannot
    /// say: the job then waits for the next turn rather than risk running twice).
    func run<Result: Sendable>(_ job: String, _ body: @Sendable () async throws -> Result) async throws -> Result? {
        do {
            guard try await acquire(job) else { return nil }
        } catch {
            logger.warning("cannot take a job's lease", metadata: ["job": "\(job)", "error": "\(error)"])
            return nil
        }
        let renewing = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(duration / 3))
                if Task.isCancelled { return }
                let kept = (try? await store.acquireLease(job, holder: holder, until: now().addingTimeInterval(duration), at: now())) ?? false
                if !kept { logger.warning("a job's lease was lost while it ran", metadata: ["job": "\(job)"]) }
            }
        }
        let result: Result
        do {
            result = try await body()
        } catch {
            await end(job, renewing)
            throw error
        }
        await end(job, renewing)
        return result
    }

    /// Takes the lease; when another holds it, frees the leases of holders that are dead
    /// processes of this host (a server killed here, restarted at once) and tries again.
    private func acquire(_ job: String) async throws -> Bool {
        if try await store.acquireLease(job, holder: holder, until: now().addingTimeInterval(duration), at: now()) { return true }
        let dead = try await store.leaseHolders(at: now()).filter(DeliveryClaim.isDeadLocalProcess)
        guard !dead.isEmpty else { return false }
        for other in dead { try await store.releaseLeases(of: other) }
        return try await store.acquireLease(job, holder: holder, until: now().addingTimeInterval(duration), at: now())
    }

    /// Stops renewing (waiting for a renewal in flight, which would otherwise take the lease
    /// again after it is released) and releases the lease, in a task of its own: when the job
    /// ended because the server is shutting down, this task is cancelled, and the store
    /// refuses work for a cancelled task (the lease would be kept until it runs out).
    private func end(_ job: String, _ renewing: Task<Void, Never>) async {
        renewing.cancel()
        await renewing.value
        let store = store, holder = holder
        await Task { try? await store.releaseLease(job, holder: holder) }.value
    }
}
