import Foundation
import PaperboyCore
import PostgresNIO

extension PostgresPaperStore {
    public func recordProblem(_ job: JobProblem.Job, item: String, reason: String, at date: Date) async throws {
        let logger = self.logger
        let time = date.timeIntervalSince1970
        try await read { connection in
            try await connection.run("""
                INSERT INTO job_problems (job, item, reason, count, first_at, last_at)
                VALUES (\(job.rawValue), \(JobProblem.storedItem(item)), \(JobProblem.storedReason(reason)), 1, \(time), \(time))
                ON CONFLICT (job, item) DO UPDATE SET reason = excluded.reason, count = job_problems.count + 1, last_at = excluded.last_at
                """, logger)
        }
    }

    public func clearProblem(_ job: JobProblem.Job, item: String) async throws {
        let logger = self.logger
        try await read { connection in
            try await connection.run("DELETE FROM job_problems WHERE job = \(job.rawValue) AND item = \(JobProblem.storedItem(item))", logger)
        }
    }

    public func problems(_ job: JobProblem.Job?, limit: Int) async throws -> [JobProblem] {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("""
                SELECT job, item, reason, count, first_at, last_at FROM job_problems
                WHERE \(job?.rawValue)::text IS NULL OR job = \(job?.rawValue) ORDER BY last_at DESC LIMIT \(max(0, limit))
                """, logger).compactMap { row in
                guard let job = JobProblem.Job(rawValue: try row.value(0)) else { return nil }
                return JobProblem(job: job, item: try row.value(1), reason: try row.value(2), count: try row.value(3),
                                  firstAt: Date(timeIntervalSince1970: try row.value(4)), lastAt: Date(timeIntervalSince1970: try row.value(5)))
            }
        }
    }
}
