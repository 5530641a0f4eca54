import Foundation
import GRDB
import PaperboyCore

extension SQLitePaperStore {
    static let subscriptionColumns = "id, email, topics, frequency, hour, time_zone, status, last_digest_day, bounces, confirm_round, only_with_code"

    static func subscription(_ row: Row) throws -> Subscription {
        let topicsJSON: String = row[2]
        let topics = try JSONDecoder().decode([String].self, from: Data(topicsJSON.utf8)).compactMap(DigestTopic.init)
        guard let email = EmailAddress(row[1] as String) else { throw DatabaseError(message: "invalid stored email address") }
        return Subscription(
            id: row[0], email: email, topics: topics,
            frequency: Subscription.Frequency(rawValue: row[3]) ?? .daily, hour: row[4], timeZone: row[5],
            status: Subscription.Status(rawValue: row[6]) ?? .paused,
            lastDigestDay: (row[7] as String?).flatMap { Day($0) }, bounces: row[8], confirmRound: row[9],
            onlyWithCode: row[10])
    }

    static func topicsJSON(_ topics: [DigestTopic]) throws -> String {
        String(decoding: try JSONEncoder().encode(topics.map(\.description)), as: UTF8.self)
    }

    public func subscribe(_ subscription: Subscription) async throws -> SubscribeOutcome {
        try await pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT \(Self.subscriptionColumns) FROM subscriptions WHERE email = ? COLLATE NOCASE ORDER BY id LIMIT 1",
                                          arguments: [subscription.email.value]) {
                var existing = try Self.subscription(row)
                if existing.status == .active || existing.status == .paused { return .alreadyConfirmed(existing) }
                existing.adoptSettings(of: subscription)
                existing.status = .pending
                existing.confirmRound += 1
                try Self.save(existing, at: self.now(), in: db)
                try db.execute(sql: "UPDATE subscriptions SET confirm_round = ? WHERE id = ?", arguments: [existing.confirmRound, existing.id])
                return .needsConfirmation(existing)
            }
            try db.execute(sql: """
                INSERT INTO subscriptions (email, topics, frequency, hour, time_zone, status, created_at, confirm_round, only_with_code)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, 1, ?)
                """, arguments: [subscription.email.value, try Self.topicsJSON(subscription.topics), subscription.frequency.rawValue,
                                 subscription.hour, subscription.timeZone, self.now().timeIntervalSince1970, subscription.onlyWithCode])
            var created = subscription
            created.id = db.lastInsertedRowID
            created.status = .pending
            created.confirmRound = 1
            return .needsConfirmation(created)
        }
    }

    public func subscription(id: Int64) async throws -> Subscription? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.subscriptionColumns) FROM subscriptions WHERE id = ?", arguments: [id])
                .map(Self.subscription)
        }
    }

    public func subscription(email: EmailAddress) async throws -> Subscription? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.subscriptionColumns) FROM subscriptions WHERE email = ? COLLATE NOCASE ORDER BY id LIMIT 1",
                             arguments: [email.value])
                .map(Self.subscription)
        }
    }

    public func subscriptionCounts() async throws -> [Subscription.Status: Int] {
        try await statusCounts(in: "subscriptions")
    }

    public func update(_ subscription: Subscription) async throws {
        try await pool.write { db in try Self.save(subscription, at: self.now(), in: db) }
    }

    private static func save(_ subscription: Subscription, at date: Date, in db: Database) throws {
        try db.execute(sql: """
            UPDATE subscriptions SET topics = ?, frequency = ?, hour = ?, time_zone = ?, status = ?, bounces = ?, only_with_code = ?,
                confirmed_at = CASE WHEN ? = 'active' THEN coalesce(confirmed_at, ?) ELSE confirmed_at END
            WHERE id = ?
            """, arguments: [try topicsJSON(subscription.topics), subscription.frequency.rawValue, subscription.hour,
                             subscription.timeZone, subscription.status.rawValue, subscription.bounces, subscription.onlyWithCode,
                             subscription.status.rawValue, date.timeIntervalSince1970, subscription.id])
    }

    public func activeSubscriptions() async throws -> ActiveSubscriptions {
        try await pool.read { db in
            var active = ActiveSubscriptions(readable: [])
            for row in try Row.fetchAll(db, sql: "SELECT \(Self.subscriptionColumns) FROM subscriptions WHERE status = 'active' ORDER BY id") {
                do {
                    active.readable.append(try Self.subscription(row))
                } catch {
                    active.unreadable.append(.init(id: row[0], reason: "unreadable row: \(error)"))
                }
            }
            return active
        }
    }

    public func papersAppeared(in days: ClosedRange<Day>, matching query: SearchQuery?, limit: Int) async throws -> [SearchHit] {
        let range: StatementArguments = [days.lowerBound.description, days.upperBound.description]
        guard let query else {
            return try await mostVoted(range, details: "", limit: limit)
        }
        let (details, detailArguments) = Self.detailFilter(query)
        guard let match = FTS5Query.expression(for: query) else {
            // Details alone (`has:code`): the most voted among the papers they admit.
            guard query.filtersDetails, query.required.isEmpty, query.excluded.isEmpty, query.paperID == nil else { return [] }
            return try await mostVoted(range + StatementArguments(detailArguments), details: details, limit: limit)
        }
        let rank = query.hasRankingTerms ? ranking.expression : "0.0"
        return try await pool.read { [details, detailArguments] db in
            // Matches joined to their rows for the appearance date; the window keeps this small.
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(rank) AS rank, \(SQLitePaperStore.qualifiedColumns) FROM papers_fts
                JOIN papers ON papers.pk = papers_fts.rowid
                WHERE papers_fts MATCH ? AND \(SQLitePaperStore.appeared) BETWEEN ? AND ?\(details)
                ORDER BY rank, coalesce(papers.upvotes, 0) + papers.votes DESC LIMIT ?
                """, arguments: [match] + range + StatementArguments(detailArguments) + [max(0, limit)])
            return try rows.map { SearchHit(paper: try PaperRecord.paper($0), score: -($0[0] as Double)) }
        }
    }

    /// `arguments`: the window's two days, then those of `details` (` AND ...` on `papers`).
    private func mostVoted(_ arguments: StatementArguments, details: String, limit: Int) async throws -> [SearchHit] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT coalesce(upvotes, 0) + votes AS score, \(PaperRecord.selection) FROM papers
                WHERE \(SQLitePaperStore.appeared) BETWEEN ? AND ?\(details)
                ORDER BY score DESC, id DESC LIMIT ?
                """, arguments: arguments + [max(0, limit)])
            return try rows.map { SearchHit(paper: try PaperRecord.paper($0), score: Double($0[0] as Int)) }
        }
    }

    public func sentPapers(to subscriptionID: Int64) async throws -> Set<PaperID> {
        try await pool.read { db in
            // A digest that could not be delivered was never received.
            Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT paper_id FROM digest_papers JOIN outbox ON outbox.id = digest_papers.outbox_id
                WHERE digest_papers.subscription_id = ? AND outbox.status <> 'failed'
                """, arguments: [subscriptionID])
                .compactMap { PaperID.parse($0)?.id })
        }
    }

    public func enqueue(_ mail: OutboxMail, papers: [PaperID], digestDay: Day?) async throws -> Bool {
        try await pool.write { db in
            // A reader who paused or left since the run listed them gets no digest.
            // (A mail for no subscription at all fails below, on the foreign key.)
            if mail.kind == .digest, let id = mail.subscriptionID,
               let status = try String.fetchOne(db, sql: "SELECT status FROM subscriptions WHERE id = ?", arguments: [id]),
               status != Subscription.Status.active.rawValue {
                return false
            }
            let now = mail.createdAt.timeIntervalSince1970
            try db.execute(sql: """
                INSERT INTO outbox (subscription_id, kind, period, message_id, recipient, message, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id, kind, period) DO NOTHING
                """, arguments: [mail.subscriptionID, mail.kind.rawValue, mail.period, mail.messageID, mail.recipient.value,
                                 mail.message, now, now])
            guard db.changesCount == 1 else { return false }
            let outboxID = db.lastInsertedRowID
            for paper in papers {
                try db.execute(sql: """
                    INSERT INTO digest_papers (subscription_id, paper_id, outbox_id) VALUES (?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """,
                               arguments: [mail.subscriptionID, paper.rawValue, outboxID])
            }
            if let digestDay {
                try db.execute(sql: "UPDATE subscriptions SET last_digest_day = ? WHERE id = ?",
                               arguments: [digestDay.description, mail.subscriptionID])
            }
            return true
        }
    }

    public func skipDigest(subscriptionID: Int64, day: Day) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE subscriptions SET last_digest_day = ? WHERE id = ?", arguments: [day.description, subscriptionID])
        }
    }

    public func claimDueMail(at now: Date, limit: Int, claimer: String, lease: TimeInterval) async throws -> [OutboxMail] {
        try await pool.write { db in
            let time = now.timeIntervalSince1970
            return try Row.fetchAll(db, sql: """
                UPDATE outbox SET claimed_by = ?, claimed_until = ?
                WHERE id IN (
                    SELECT id FROM outbox INDEXED BY outbox_due
                    WHERE status = 'queued' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
                    ORDER BY next_attempt_at, id LIMIT ?
                )
                RETURNING id, subscription_id, kind, period, message_id, recipient, message, attempts, created_at
                """, arguments: [claimer, time + lease, time, time, max(0, limit)]).compactMap { row in
                guard let recipient = EmailAddress(row[5] as String), let kind = OutboxMail.Kind(rawValue: row[2]) else { return nil }
                return OutboxMail(id: row[0], subscriptionID: row[1], kind: kind, period: row[3], messageID: row[4],
                                  recipient: recipient, message: row[6], status: .queued, attempts: row[7],
                                  createdAt: Date(timeIntervalSince1970: row[8]))
            }.sorted { $0.id < $1.id }
        }
    }

    public func claimers(at now: Date) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT claimed_by FROM outbox WHERE status = 'queued' AND claimed_until >= ? AND claimed_by IS NOT NULL
                """, arguments: [now.timeIntervalSince1970])
        }
    }

    public func releaseClaims(of claimer: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND status = 'queued'",
                           arguments: [claimer])
        }
    }

    public func markSent(_ mailID: Int64, at date: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL,
                    claimed_by = NULL, claimed_until = NULL WHERE id = ?
                """,
                           arguments: [date.timeIntervalSince1970, mailID])
            try db.execute(sql: """
                UPDATE subscriptions SET bounces = 0 WHERE bounces > 0 AND id = (SELECT subscription_id FROM outbox WHERE id = ?)
                """, arguments: [mailID])
        }
    }

    public func markFailed(_ mailID: Int64, error: String, retryAt: Date?, pauseAfterBounces: Int) async throws {
        try await pool.write { db in
            let message = String(error.prefix(500))
            if let retryAt {
                try db.execute(sql: """
                    UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                        claimed_by = NULL, claimed_until = NULL WHERE id = ?
                    """,
                               arguments: [message, retryAt.timeIntervalSince1970, mailID])
                return
            }
            try db.execute(sql: """
                UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?,
                    claimed_by = NULL, claimed_until = NULL WHERE id = ?
                """,
                           arguments: [message, mailID])
            try db.execute(sql: """
                UPDATE subscriptions SET bounces = bounces + 1,
                    status = CASE WHEN bounces + 1 >= ? AND status = 'active' THEN 'paused' ELSE status END
                WHERE id = (SELECT subscription_id FROM outbox WHERE id = ?)
                """, arguments: [pauseAfterBounces, mailID])
        }
    }

    public func outboxCounts() async throws -> [OutboxMail.Status: Int] {
        try await statusCounts(in: "outbox")
    }

    /// Rows of `table` (a fixed name, never user input) counted by their `status` column.
    private func statusCounts<Status: RawRepresentable & Hashable & Sendable>(in table: String) async throws -> [Status: Int]
        where Status.RawValue == String {
        try await pool.read { db in
            var counts: [Status: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM \(table) GROUP BY status") {
                if let status = Status(rawValue: row[0]) { counts[status] = row[1] }
            }
            return counts
        }
    }
}
