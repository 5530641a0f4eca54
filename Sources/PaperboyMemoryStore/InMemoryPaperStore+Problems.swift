import Foundation
import PaperboyCore

extension InMemoryPaperStore: JobLeaseStore {
    /// One problem per job and item (both cut as `JobProblem.storedItem`/`storedReason` say):
    /// a new failure counts one more and keeps its reason and time.
    public func recordProblem(_ job: JobProblem.Job, item: String, reason: String, at date: Date) {
        let item = JobProblem.storedItem(item), reason = JobProblem.storedReason(reason)
        // Through Unix seconds, as SQLite keeps the time.
        let time = Date(timeIntervalSince1970: date.timeIntervalSince1970)
        if var problem = problems[job]?[item] {
            problem.reason = reason
            problem.count += 1
            problem.lastAt = time
            problems[job]?[item] = problem
        } else {
            problems[job, default: [:]][item] = JobProblem(job: job, item: item, reason: reason, count: 1, firstAt: time, lastAt: time)
        }
    }

    /// Forgets the item as it was recorded.
    public func clearProblem(_ job: JobProblem.Job, item: String) {
        problems[job]?[JobProblem.storedItem(item)] = nil
    }

    /// The latest failures first (then by job and item).
    public func problems(_ job: JobProblem.Job?, limit: Int) -> [JobProblem] {
        let all = job.map { Array((problems[$0] ?? [:]).values) } ?? problems.values.flatMap(\.values)
        return Array(all.sorted { a, b in
            if a.lastAt != b.lastAt { return a.lastAt > b.lastAt }
            return (a.job.rawValue, a.item) < (b.job.rawValue, b.item)
        }.prefix(max(0, limit)))
    }

    public func acquireLease(_ job: String, holder: String, until expires: Date, at now: Date) -> Bool {
        if let lease = leases[job], lease.holder != holder, lease.expires > now { return false }
        leases[job] = (holder, expires)
        return true
    }

    public func releaseLease(_ job: String, holder: String) {
        if leases[job]?.holder == holder { leases[job] = nil }
    }

    public func leaseHolders(at now: Date) -> [String] {
        Set(leases.values.filter { $0.expires > now }.map(\.holder)).sorted()
    }

    public func releaseLeases(of holder: String) {
        leases = leases.filter { $0.value.holder != holder }
    }
}
