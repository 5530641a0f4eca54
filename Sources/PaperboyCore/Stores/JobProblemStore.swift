import Foundation

/// The record of what jobs set aside.
public protocol JobProblemStore: Sendable {
    /// Records a failure of `item` (or counts one more), keeping the newest reason.
    func recordProblem(_ job: JobProblem.Job, item: String, reason: String, at date: Date) async throws
    /// Forgets `item` once it succeeded.
    func clearProblem(_ job: JobProblem.Job, item: String) async throws
    /// The newest problems first, of one job or of all.
    func problems(_ job: JobProblem.Job?, limit: Int) async throws -> [JobProblem]
}
