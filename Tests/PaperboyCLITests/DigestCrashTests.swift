import Foundation
import PaperboyCore
import GRDB
import PaperboySQLite
import Testing

/// `paperboy digest run` sending 1,000 digests through a real SMTP server, killed with
/// SIGKILL at 10 random points (while creating digests and while delivering them), then run
/// again: every digest arrives, and a digest arrives twice only when a kill fell between
/// the server's acceptance and the outbox commit, then with the same Message-ID.
@Suite struct DigestCrashTests {
    static let subscribers = 1_000
    static let now = "2026-08-21T12:00:00Z"

    func prepare(_ dir: TemporaryDirectory) async throws -> String {
        let db = dir.path("papers.sqlite")
        let imported = try await CLI.run(["import", "--db", db, CLI.fixture("hf-daily-papers-2026-08-21.json")], in: dir)
        precondition(imported.status == 0, imported.stderr)
        try await Self.addReaders(Self.subscribers, to: try SQLitePaperStore(path: db))
        return db
    }

    /// `count` active readers (`reader0@example.org`, ...) with four kinds of topics, due at
    /// hours 0-11 in UTC or Berlin: all due at `now`.
    static func addReaders(_ count: Int, to store: some SubscriptionStore) async throws {
        let topics: [[DigestTopic]] = [[.trending], [.query("agent")], [.query("video"), .trending], [.query("reasoning")]]
        for i in 0..<count {
            let outcome = try await store.subscribe(Subscription(email: EmailAddress("reader\(i)@example.org")!, topics: topics[i % topics.count],
                                                                 hour: i % 12, timeZone: i % 2 == 0 ? "UTC" : "Europe/Berlin"))
            guard case .needsConfirmation(var subscription) = outcome else { throw CLI.Failure(description: "not new") }
            subscription.status = .active
            try await store.update(subscription)
        }
    }

    /// The Message-ID and recipient of a saved message.
    func identity(_ message: URL) throws -> (id: String, to: String) { try Self.identity(message) }

    static func identity(_ message: URL) throws -> (id: String, to: String) {
        let head = try String(contentsOf: message, encoding: .utf8).components(separatedBy: "\r\n\r\n")[0]
        var id = "", to = ""
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix("Message-ID: ") { id = String(line.dropFirst(12)) }
            if line.hasPrefix("To: ") { to = String(line.dropFirst(4)) }
        }
        return (id, to)
    }

    @Test(.enabled(if: TestTools.aiosmtpd)) func killedRunsLoseNothingAndRepeatOnlyInTheAcceptanceWindow() async throws {
        let dir = try TemporaryDirectory()
        guard let sink = try await SMTPSink.launch(in: dir) else {
            if SMTPSink.toolsRequired { Issue.record("aiosmtpd is not installed") }
            return
        }
        let db = try await prepare(dir)
        let store = try SQLitePaperStore(path: db)
        let environment = ["PAPERBOY_SMTP_URL": "smtp://127.0.0.1:\(sink.port)?connections=4", "PAPERBOY_MAIL_FROM": "digest@papers.example.org",
                           "PAPERBOY_PUBLIC_URL": "https://papers.example.org"]
        var kills: [String] = []
        // Seeded kill points, so a failing round replays.
        var random = SeededRandom(seed: 20_261_129)
        for round in 0..<10 {
            // Rounds 0 and 1 kill while digests are being created, the others while they are sent.
            let created = try await store.outboxCounts().values.reduce(0, +)
            let delivered = sink.messages().count
            let creating = round < 2 && created < Self.subscribers
            let target = creating ? created + Int.random(in: 1...300, using: &random) : delivered + Int.random(in: 1...80, using: &random)
            let run = try ChildProcess(["digest", "run", "--db", db, "--now", Self.now, "--log-level", "error"], executable: CLI.executable,
                                       environment: CLI.baseEnvironment.merging(environment) { $1 }, stdout: .discard)
            // Watched from a Dispatch thread with its own database connection: a poller on
            // the cooperative pool could be starved by other tests long enough to miss the
            // run and its kill point.
            let outbox = try DatabaseQueue(path: db)
            let killed: Bool = await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    while run.isRunning {
                        let count = creating ? ((try? outbox.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM outbox") }) ?? 0)
                            : sink.messages().count
                        if count >= target { break }
                        usleep(2_000)
                    }
                    guard run.isRunning else { return continuation.resume(returning: false) }
                    run.signal(SIGKILL)
                    continuation.resume(returning: true)
                }
            }
            _ = await run.waitForExit()
            guard killed else { break }
            kills.append(creating ? "creating at \(target)" : "sending at \(target)")
        }
        #expect(kills.count == 10, "the runs finished before all kills: \(kills)")

        let rerun = try await CLI.run(["digest", "run", "--db", db, "--now", Self.now], environment: environment, in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try await store.outboxCounts() == [.sent: Self.subscribers])
        let again = try await CLI.run(["digest", "run", "--db", db, "--now", Self.now], environment: environment, in: dir)
        #expect(again.stdout.contains("digests created 0, empty 0, set aside 0; mail sent 0"), "\(again.stdout)")

        let received = try sink.messages().map(identity)
        let ids = Set(received.map(\.id))
        #expect(ids.count == Self.subscribers)
        #expect(Set(received.map(\.to)).count == Self.subscribers)
        // A repeat is always the same message: one Message-ID per reader.
        let idsPerReader = Dictionary(grouping: received, by: \.to).mapValues { Set($0.map(\.id)).count }
        #expect(idsPerReader.values.allSatisfy { $0 == 1 })
        let repeats = received.count - Self.subscribers
        #expect(repeats <= kills.count * 4, "at most the messages in flight at each kill")
        print("digest crash test: \(kills.count) kills (\(kills.joined(separator: ", "))); \(received.count) messages received, "
              + "\(ids.count) distinct Message-IDs, \(repeats) repeats from kills between acceptance and commit")
    }
}
