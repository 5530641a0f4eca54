import Foundation
import GRDB
import Logging
import PaperboyCore
import PaperboyMail
import PaperboySQLite
import PaperboyTestSupport
import Testing

/// One subscriber whose digest cannot be made never stops anyone else's mail.
@Suite struct DigestFaultIsolationTests {
    static func at(_ time: String) -> Date { ISO8601DateFormatter().date(from: "2026-08-21T\(time)Z")! }

    @Test func oneFailingSubscriberIsSetAsideAndEveryoneElseGetsMail() async throws {
        let dir = try TemporaryDirectory()
        let outbox = URL(fileURLWithPath: dir.path("outbox"))
        let (store, runner) = try await DigestRunnerTests.make(
            dir, store: try SQLitePaperStore(path: dir.path("papers.sqlite")), transport: MaildirTransport(directory: outbox))
        let first = try await DigestRunnerTests.subscribe(store, "first@example.org", topics: [.query("video")])
        let broken = try await DigestRunnerTests.subscribe(store, "broken@example.org", topics: [.trending])
        let last = try await DigestRunnerTests.subscribe(store, "last@example.org", topics: [.query("agents")])
        // Topics written before the rules existed: a line separator (the Subject check threw),
        // and the query that made FTS5 fail.
        let hostile = try await DigestRunnerTests.subscribe(store, "hostile@example.org", topics: [.trending])
        let queue = try DatabaseQueue(path: dir.path("papers.sqlite"))
        try await queue.write { db in
            try db.execute(sql: "UPDATE subscriptions SET topics = ? WHERE id = ?",
                           arguments: [#"["video\u2028Bcc: x@example.org", "learning\"\u0338", "zzz\"\u0338)OR(learning\"\u0338", "agents"]"#, hostile.id])
            // A real failure for one reader only: the database refuses their digest.
            try db.execute(sql: """
                CREATE TRIGGER refuse_one BEFORE INSERT ON outbox WHEN NEW.recipient = 'broken@example.org'
                BEGIN SELECT RAISE(ABORT, 'disk says no for this reader'); END
                """)
        }
        // A confirmation already waiting must go out too.
        let pending = Subscription(email: EmailAddress("new@example.org")!)
        guard case .needsConfirmation(let created) = try await store.subscribe(pending) else { throw CancellationError() }
        try await runner.queueConfirmation(created, now: Self.at("07:00:00"))

        let report = try await runner.run(now: Self.at("08:00:00"))
        #expect(report.created == 3)
        #expect(report.setAside == 1)
        #expect(report.sent == 4) // three digests and the confirmation
        for reader in [first, last, hostile] {
            #expect(try await !store.sentPapers(to: reader.id).isEmpty, "\(reader.email)")
        }
        let problems = try await store.problems(.digest, limit: 10)
        #expect(problems.count == 1)
        #expect(problems.first?.item == "subscription \(broken.id)")
        #expect(problems.first?.reason.contains("disk says no for this reader") == true)

        // The next run tries the reader again; once it works the problem is gone.
        #expect(try await runner.run(now: Self.at("08:05:00")).setAside == 1)
        #expect(try await store.problems(.digest, limit: 10).first?.count == 2)
        try await queue.write { db in try db.execute(sql: "DROP TRIGGER refuse_one") }
        let retried = try await runner.run(now: Self.at("08:10:00"))
        #expect(retried.created == 1 && retried.setAside == 0 && retried.sent == 1)
        #expect(try await store.problems(.digest, limit: 10).isEmpty)
    }

    @Test func unreadableRowsAndUnknownTimeZonesAreSetAsideWithTheirReasons() async throws {
        let dir = try TemporaryDirectory()
        let outbox = URL(fileURLWithPath: dir.path("outbox"))
        let (store, runner) = try await DigestRunnerTests.make(
            dir, store: try SQLitePaperStore(path: dir.path("papers.sqlite")), transport: MaildirTransport(directory: outbox))
        let good = try await DigestRunnerTests.subscribe(store, "good@example.org", topics: [.trending])
        let corrupt = try await DigestRunnerTests.subscribe(store, "corrupt@example.org", topics: [.trending])
        let martian = try await DigestRunnerTests.subscribe(store, "martian@example.org", topics: [.trending])
        // Rows written by hand or by another version: topics that are not JSON, a zone this system lacks.
        let queue = try DatabaseQueue(path: dir.path("papers.sqlite"))
        try await queue.write { db in
            try db.execute(sql: "UPDATE subscriptions SET topics = 'not json' WHERE id = ?", arguments: [corrupt.id])
            try db.execute(sql: "UPDATE subscriptions SET time_zone = 'Mars/Olympus' WHERE id = ?", arguments: [martian.id])
        }
        let report = try await runner.run(now: Self.at("08:00:00"))
        #expect(report.created == 1 && report.sent == 1 && report.setAside == 2)
        #expect(try await !store.sentPapers(to: good.id).isEmpty)
        let problems = Dictionary(uniqueKeysWithValues: try await store.problems(.digest, limit: 10).map { ($0.item, $0.reason) })
        #expect(problems.count == 2)
        #expect(problems["subscription \(corrupt.id)"]?.contains("unreadable row") == true)
        #expect(problems["subscription \(martian.id)"] == "unknown time zone \"Mars/Olympus\"")
    }

    @Test func deliveryRunsEvenWhenNoSubscriberCanBeListed() async throws {
        let dir = try TemporaryDirectory()
        let outbox = URL(fileURLWithPath: dir.path("outbox"))
        let (store, runner) = try await DigestRunnerTests.make(
            dir, store: try SQLitePaperStore(path: dir.path("papers.sqlite")), transport: MaildirTransport(directory: outbox))
        let pending = Subscription(email: EmailAddress("new@example.org")!)
        guard case .needsConfirmation(let created) = try await store.subscribe(pending) else { throw CancellationError() }
        try await runner.queueConfirmation(created, now: Self.at("07:00:00"))
        _ = try await DigestRunnerTests.subscribe(store, "reader@example.org", topics: [.trending])
        // The listing itself fails (here a column gone under it).
        let queue = try DatabaseQueue(path: dir.path("papers.sqlite"))
        try await queue.write { db in
            try db.execute(sql: "ALTER TABLE subscriptions RENAME COLUMN topics TO topics_gone")
        }
        await #expect(throws: (any Error).self) { try await runner.run(now: Self.at("08:00:00")) }
        // The confirmation went out all the same.
        #expect(try await store.outboxCounts()[.sent] == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("outbox/new")).count == 1)
    }
}
