import Foundation

/// Leases on background jobs, so that of several processes sharing one database (servers on
/// PostgreSQL, or `serve` beside a cron `digest run` on SQLite) one at a time runs each: a
/// source's fetch, the embedding backfill, the similar-paper lists, a group of digests.
/// A lease names its holder and ends at a time; a holder that dies simply stops renewing
/// it, and another takes the job over once it has ended.
public protocol JobLeaseStore: Sendable {
    /// Takes the lease on `job` for `holder` until `expires`, or renews it when `holder`
    /// already has it. False while another holder's lease has not ended at `now`.
    func acquireLease(_ job: String, holder: String, until expires: Date, at now: Date) async throws -> Bool
    /// Ends `holder`'s lease on `job` (nothing when another holds it).
    func releaseLease(_ job: String, holder: String) async throws
    /// Who holds a lease that has not ended at `now`, so that the leases of a process known
    /// to be dead can be ended at once rather than waited out.
    func leaseHolders(at now: Date) async throws -> [String]
    /// Ends every lease `holder` has.
    func releaseLeases(of holder: String) async throws
}
