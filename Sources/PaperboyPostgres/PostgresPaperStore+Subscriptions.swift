import Foundation
import PaperboyCore
import PostgresNIO

extension PostgresPaperStore {
    static let subscriptionColumns = "id, email, topics, frequency, hour, time_zone, status, last_digest_day, bounces, confirm_round, only_with_code"

    static func subscription(_ row: PostgresRandomAccessRow) throws -> Subscription {
        let topicsJSON: String = try row.value(2)
        let topics = try JSONDecoder().decode([String].self, from: Data(topicsJSON.utf8)).compactMap(DigestTopic.init)
        guard let email = EmailAddress(try row.value(1, as: String.self)) else {
            throw PostgresStoreError(message: "invalid stored email address")
        }
        return Subscription(
            id: try row.value(0), email: email, topics: topics,
            frequency: Subscription.Frequency(rawValue: try row.value(3)) ?? .daily, hour: try row.value(4), timeZone: try row.value(5),
            status: Subscription.Status(rawValue: try row.value(6)) ?? .paused,
            lastDigestDay: try row.value(7, as: String?.self).flatMap { Day($0) }, bounces: try row.value(8),
            confirmRound: try row.value(9), onlyWithCode: try row.value(10))
    }

    static func topicsJSON(_ topics: [DigestTopic]) throws -> String {
        String(decoding: try JSONEncoder().encode(topics.map(\.description)), as: UTF8.self)
    }

    public func subscribe(_ subscription: Subscription) async throws -> SubscribeOutcome {
        let logger = self.logger, now = self.now().timeIntervalSince1970
        let topics = try Self.topicsJSON(subscription.topics)
        return try await transaction { connection in
            // Twice at most: a request for the same address on another server may insert
            // between our look and our insert; then its row is the one to update.
            for _ in 0..<2 {
                if let row = try await connection.all("""
                    SELECT \(unescaped: Self.subscriptionColumns) FROM subscriptions WHERE lower(email) = lower(\(subscription.email.value))
                    FOR UPDATE
                    """, logger).first {
                    var existing = try Self.subscription(row)
                    if existing.status == .active || existing.status == .paused { return .alreadyConfirmed(existing) }
                    existing.adoptSettings(of: subscription)
                    existing.status = .pending
                    existing.confirmRound += 1
                    try await Self.save(existing, at: now, on: connection, logger)
                    try await connection.run("UPDATE subscriptions SET confirm_round = \(existing.confirmRound) WHERE id = \(existing.id)", logger)
                    return .needsConfirmation(existing)
                }
                if let id = try await connection.all("""
                    INSERT INTO subscriptions (email, topics, frequency, hour, time_zone, status, created_at, confirm_round, only_with_code)
                    VALUES (\(subscription.email.value), \(topics), \(subscription.frequency.rawValue), \(subscription.hour),
                            \(subscription.timeZone), 'pending', \(now), 1, \(subscription.onlyWithCode))
                    ON CONFLICT ((lower(email))) DO NOTHING RETURNING id
                    """, logger).first?.value(0, as: Int64.self) {
                    var created = subscription
                    created.id = id
                    created.status = .pending
                    created.confirmRound = 1
                    return .needsConfirmation(created)
                }
            }
            throw PostgresStoreError(message: "the subscription for this address kept changing")
        }
    }

    public func subscription(id: Int64) async throws -> Subscription? {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("SELECT \(unescaped: Self.subscriptionColumns) FROM subscriptions WHERE id = \(id)", logger)
                .first.map(Self.subscription)
        }
    }

    public func subscription(email: EmailAddress) async throws -> Subscription? {
        let logger = self.logger
        return try await read { connection in
            try await connection.all("""
                SELECT \(unescaped: Self.subscriptionColumns) FROM subscriptions WHERE lower(email) = lower(\(email.value))
                """, logger).first.map(Self.subscription)
        }
    }

    public func subscriptionCounts() async throws -> [Subscription.Status: Int] {
        try await statusCounts(in: "subscriptions")
    }

    public func update(_ subscription: Subscription) async throws {
        let logger = self.logger, now = self.now().timeIntervalSince1970
        try await read { connection in try await Self.save(subscription, at: now, on: connection, logger) }
    }

    private static func save(_ subscription: Subscription, at date: Double, on connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.run("""
            UPDATE subscriptions SET topics = \(try topicsJSON(subscription.topics)), frequency = \(subscription.frequency.rawValue),
                hour = \(subscription.hour), time_zone = \(subscription.timeZone), status = \(subscription.status.rawValue),
                bounces = \(subscription.bounces), only_with_code = \(subscription.onlyWithCode),
                confirmed_at = CASE WHEN \(subscription.status.rawValue) = 'active' THEN coalesce(confirmed_at, \(date)) ELSE confirmed_at END
            WHERE id = \(subscription.id)
            """, logger)
    }

    public func activeSubscriptions() async throws -> ActiveSubscriptions {
        let logger = self.logger
        return try await read { connection in
            var active = ActiveSubscriptions(readable: [])
            for row in try await connection.all("""
                SELECT \(unescaped: Self.subscriptionColumns) FROM subscriptions WHERE status = 'active' ORDER BY id
                """, logger) {
                do {
                    active.readable.append(try Self.subscription(row))
                } catch {
                    active.unreadable.append(.init(id: try row.value(0), reason: "unreadable row: \(error)"))
                }
            }
            return active
        }
    }

    /// Rows of `table` (a fixed name, never user input) counted by their `status` column.
    func statusCounts<Status: RawRepresentable & Hashable & Sendable>(in table: String) async throws -> [Status: Int]
        where Status.RawValue == String {
        let logger = self.logger
        return try await read { connection in
            var counts: [Status: Int] = [:]
            for row in try await connection.all(PostgresQuery(unsafeSQL: "SELECT status, count(*) FROM \(table) GROUP BY status"), logger) {
                if let status = Status(rawValue: try row.value(0)) { counts[status] = try row.value(1) }
            }
            return counts
        }
    }
}
