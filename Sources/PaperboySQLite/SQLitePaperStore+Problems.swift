import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore {
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
}
