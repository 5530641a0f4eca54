import Foundation
import PaperboyCore
import PostgresNIO

extension PostgresPaperStore {
    public func sentPapers(to subscriptionID: Int64) async throws -> Set<PaperID> {
        let logger = self.logger
        return try await read { connection in
            // A digest that could not be delivered was never received.
            Set(try await connection.all("""
                SELECT DISTINCT paper_id FROM digest_papers JOIN outbox ON outbox.id = digest_papers.outbox_id
                WHERE digest_papers.subscription_id = \(subscriptionID) AND outbox.status <> 'failed'
                """, logger).compactMap { PaperID.parse(try $0.value(0, as: String.self))?.id })
        }
    }

    /// Created once per (subscription, kind, period), whichever server writes it first.
    public func enqueue(_ mail: OutboxMail, papers: [PaperID], digestDay: Day?) async throws -> Bool {
        let logger = self.logger
        let created = mail.createdAt.timeIntervalSince1970
        return try await transaction { connection in
            // A reader who paused or left since the run listed them gets no digest; the row
            // stays as it is until this commits. The lock is the one the update of the
            // reader's last digest day below needs anyway: two processes queueing the same
            // digest wait for each other here instead of deadlocking there. (Mail for no
            // subscription at all fails below, on the foreign key.)
            if mail.kind == .digest, let id = mail.subscriptionID,
               let status = try await connection.all("SELECT status FROM subscriptions WHERE id = \(id) FOR NO KEY UPDATE", logger)
                .first?.value(0, as: String.self),
               status != Subscription.Status.active.rawValue {
                return false
            }
            guard let outboxID = try await connection.all("""
                INSERT INTO outbox (subscription_id, kind, period, message_id, recipient, message, next_attempt_at, created_at)
                VALUES (\(mail.subscriptionID), \(mail.kind.rawValue), \(mail.period), \(mail.messageID), \(mail.recipient.value),
                        \(mail.message), \(created), \(created))
                ON CONFLICT (subscription_id, kind, period) DO NOTHING RETURNING id
                """, logger).first?.value(0, as: Int64.self) else { return false }
            if !papers.isEmpty, let subscriptionID = mail.subscriptionID {
                try await connection.run("""
                    INSERT INTO digest_papers (subscription_id, paper_id, outbox_id)
                    SELECT \(subscriptionID), paper_id, \(outboxID) FROM unnest(\(papers.map(\.rawValue))::text[]) AS paper_id
                    ON CONFLICT DO NOTHING
                    """, logger)
            }
            if let digestDay, let subscriptionID = mail.subscriptionID {
                try await connection.run("UPDATE subscriptions SET last_digest_day = \(digestDay.description) WHERE id = \(subscriptionID)", logger)
            }
            return true
        }
    }

    public func skipDigest(subscriptionID: Int64, day: Day) async throws {
        let logger = self.logger
        try await read { connection in
            try await connection.run("UPDATE subscriptions SET last_digest_day = \(day.description) WHERE id = \(subscriptionID)", logger)
        }
    }

    /// Due mail, claimed for `lease` seconds. Rows another server is claiming at the same
    /// moment are skipped, not waited for; a claim whose lease ran out (its server died) is
    /// taken over, and the mail keeps its Message-ID.
    public func claimDueMail(at now: Date, limit: Int, claimer: String, lease: TimeInterval) async throws -> [OutboxMail] {
        let logger = self.logger
        let time = now.timeIntervalSince1970
        return try await read { connection in
            try await connection.all("""
                UPDATE outbox SET claimed_by = \(claimer), claimed_until = \(time + lease)
                WHERE id IN (
                    SELECT id FROM outbox
                    WHERE status = 'queued' AND next_attempt_at <= \(time) AND (claimed_until IS NULL OR claimed_until < \(time))
                    ORDER BY next_attempt_at, id LIMIT \(max(0, limit))
                    FOR UPDATE SKIP LOCKED
                )
                RETURNING id, subscription_id, kind, period, message_id, recipient, message, attempts, created_at
                """, logger).compactMap { row -> OutboxMail? in
                guard let recipient = EmailAddress(try row.value(5, as: String.self)),
                      let kind = OutboxMail.Kind(rawValue: try row.value(2)) else { return nil }
                return OutboxMail(id: try row.value(0), subscriptionID: try row.value(1), kind: kind, period: try row.value(3),
                                  messageID: try row.value(4), recipient: recipient, message: try row.value(6), status: .queued,
                                  attempts: try row.value(7), createdAt: Date(timeIntervalSince1970: try row.value(8)))
            }.sorted { $0.id < $1.id }
        }
    }

    public func claimers(at now: Date) async throws -> [String] {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("""
                SELECT DISTINCT claimed_by FROM outbox
                WHERE status = 'queued' AND claimed_until >= \(now.timeIntervalSince1970) AND claimed_by IS NOT NULL
                """, logger).map { try $0.value(0, as: String.self) }
        }
    }

    public func releaseClaims(of claimer: String) async throws {
        let logger = self.logger
        try await read { connection in
            try await connection.run("""
                UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = \(claimer) AND status = 'queued'
                """, logger)
        }
    }

    public func markSent(_ mailID: Int64, at date: Date) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await connection.run("""
                UPDATE outbox SET status = 'sent', sent_at = \(date.timeIntervalSince1970), attempts = attempts + 1,
                    last_error = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = \(mailID)
                """, logger)
            try await connection.run("""
                UPDATE subscriptions SET bounces = 0 WHERE bounces > 0 AND id = (SELECT subscription_id FROM outbox WHERE id = \(mailID))
                """, logger)
        }
    }

    public func markFailed(_ mailID: Int64, error: String, retryAt: Date?, pauseAfterBounces: Int) async throws {
        let logger = self.logger
        let message = String(error.prefix(500))
        try await transaction { connection in
            if let retryAt {
                try await connection.run("""
                    UPDATE outbox SET attempts = attempts + 1, last_error = \(message), next_attempt_at = \(retryAt.timeIntervalSince1970),
                        claimed_by = NULL, claimed_until = NULL WHERE id = \(mailID)
                    """, logger)
                return
            }
            try await connection.run("""
                UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = \(message),
                    claimed_by = NULL, claimed_until = NULL WHERE id = \(mailID)
                """, logger)
            try await connection.run("""
                UPDATE subscriptions SET bounces = bounces + 1,
                    status = CASE WHEN bounces + 1 >= \(pauseAfterBounces) AND status = 'active' THEN 'paused' ELSE status END
                WHERE id = (SELECT subscription_id FROM outbox WHERE id = \(mailID))
                """, logger)
        }
    }

    public func outboxCounts() async throws -> [OutboxMail.Status: Int] {
        try await statusCounts(in: "outbox")
    }
}
