import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore: JobLeaseStore {
    public func recordProblem(_ job: JobProblem.Job, item: String, reason: String, at date: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO job_problems (job, item, reason, count, first_at, last_at) VALUES (?, ?, ?, 1, ?, ?)
                ON CONFLICT (job, item) DO UPDATE SET reason = excluded.reason, count = count + 1, last_at = excluded.last_at
                """, arguments: [job.rawValue, JobProblem.storedItem(item), JobProblem.storedReason(reason),
                                 date.timeIntervalSince1970, date.timeIntervalSince1970])
        }
    }

    public func clearProblem(_ job: JobProblem.Job, item: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM job_problems WHERE job = ? AND item = ?",
                           arguments: [job.rawValue, JobProblem.storedItem(item)])
        }
    }

    public func problems(_ job: JobProblem.Job?, limit: Int) async throws -> [JobProblem] {
        try await pool.read { db in
            let rows = if let job {
                try Row.fetchAll(db, sql: """
                    SELECT job, item, reason, count, first_at, last_at FROM job_problems WHERE job = ? ORDER BY last_at DESC LIMIT ?
                    """, arguments: [job.rawValue, max(0, limit)])
            } else {
                try Row.fetchAll(db, sql: "SELECT job, item, reason, count, first_at, last_at FROM job_problems ORDER BY last_at DESC LIMIT ?",
                                 arguments: [max(0, limit)])
            }
            return rows.compactMap { row in
                guard let job = JobProblem.Job(rawValue: row[0]) else { return nil }
                return JobProblem(job: job, item: row[1], reason: row[2], count: row[3],
                                  firstAt: Date(timeIntervalSince1970: row[4]), lastAt: Date(timeIntervalSince1970: row[5]))
            }
        }
    }

    public func acquireLease(_ job: String, holder: String, until expires: Date, at now: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO job_leases (job, holder, expires) VALUES (?, ?, ?)
                ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
                WHERE job_leases.holder = excluded.holder OR job_leases.expires <= ?
                """, arguments: [job, holder, expires.timeIntervalSince1970, now.timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    public func releaseLease(_ job: String, holder: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM job_leases WHERE job = ? AND holder = ?", arguments: [job, holder])
        }
    }

    public func leaseHolders(at now: Date) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT holder FROM job_leases WHERE expires > ? ORDER BY holder",
                                arguments: [now.timeIntervalSince1970])
        }
    }

    public func releaseLeases(of holder: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM job_leases WHERE holder = ?", arguments: [holder]) }
    }
}
