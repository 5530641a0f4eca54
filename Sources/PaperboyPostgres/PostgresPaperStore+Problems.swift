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

    /// One statement: two servers asking at once are serialised on the row, and only one
    /// of them finds it free.
    public func acquireLease(_ job: String, holder: String, until expires: Date, at now: Date) async throws -> Bool {
        let logger = self.logger
        return try await read { connection in
            try await connection.count("""
                INSERT INTO job_leases (job, holder, expires) VALUES (\(job), \(holder), \(expires.timeIntervalSince1970))
                ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
                WHERE job_leases.holder = excluded.holder OR job_leases.expires <= \(now.timeIntervalSince1970)
                RETURNING 1
                """, logger) > 0
        }
    }

    public func releaseLease(_ job: String, holder: String) async throws {
        let logger = self.logger
        try await read { connection in
            try await connection.run("DELETE FROM job_leases WHERE job = \(job) AND holder = \(holder)", logger)
        }
    }

    public func leaseHolders(at now: Date) async throws -> [String] {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("""
                SELECT DISTINCT holder FROM job_leases WHERE expires > \(now.timeIntervalSince1970) ORDER BY holder
                """, logger).map { try $0.value(0, as: String.self) }
        }
    }

    public func releaseLeases(of holder: String) async throws {
        let logger = self.logger
        try await read { connection in try await connection.run("DELETE FROM job_leases WHERE holder = \(holder)", logger) }
    }
}
