import Foundation
import PaperboyCore
import PaperboyPostgres
import Testing

/// Three processes creating and delivering the digests of 1,000 readers on one PostgreSQL
/// database at once, one of them killed with SIGKILL while it delivers: every digest is
/// created once and delivered, and a repeat happens only for a message the SMTP server had
/// accepted when the kill came, then with the same Message-ID.
@Suite(.enabled(if: TestTools.postgres && TestTools.aiosmtpd, "needs PAPERBOY_TEST_POSTGRES_URL and aiosmtpd"))
struct PostgresDigestTests {
    static let readers = 1_000
    static let now = "2026-08-21T12:00:00Z"

    @Test func threeProcessesShareTheDigestsAndAKilledOneLosesNothing() async throws {
        let dir = try TemporaryDirectory()
        let sink = try #require(try await SMTPSink.launch(in: dir), "aiosmtpd is not installed")
        let db = try TestPostgres.freshSchemaURL()
        let imported = try await CLI.run(["import", "--db", db, CLI.fixture("hf-daily-papers-2026-08-21.json")], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let store = try await PostgresPaperStore(location: try PostgresLocation(url: db))
        try await DigestCrashTests.addReaders(Self.readers, to: store)
        let environment = CLI.baseEnvironment.merging([
            "PAPERBOY_SMTP_URL": "smtp://127.0.0.1:\(sink.port)?connections=2", "PAPERBOY_MAIL_FROM": "digest@papers.example.org",
            "PAPERBOY_PUBLIC_URL": "https://papers.example.org",
        ]) { $1 }
        let runs = try (0..<3).map { index in
            try ChildProcess(["digest", "run", "--db", db, "--now", Self.now, "--log-level", "error"], executable: CLI.executable,
                             environment: environment, stdout: .file(dir.path("run\(index).out")))
        }
        // The first is killed once a third of the mail has arrived (watched from a Dispatch
        // thread, so a busy cooperative pool cannot make it miss the moment).
        let victim = runs[0]
        let killed: Bool = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                while victim.isRunning, sink.messages().count < Self.readers / 3 { usleep(2_000) }
                guard victim.isRunning else { return continuation.resume(returning: false) }
                victim.signal(SIGKILL)
                continuation.resume(returning: true)
            }
        }
        for run in runs { _ = await run.waitForExit() }
        #expect(killed, "the first run ended before a third of the mail was sent")
        // What the killed process had claimed is released by the next run on this machine.
        let rerun = try await CLI.run(["digest", "run", "--db", db, "--now", Self.now], environment: environment, in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try await store.outboxCounts() == [.sent: Self.readers])

        let received = try sink.messages().map(DigestCrashTests.identity)
        #expect(Set(received.map(\.id)).count == Self.readers)
        #expect(Set(received.map(\.to)).count == Self.readers)
        let idsPerReader = Dictionary(grouping: received, by: \.to).mapValues { Set($0.map(\.id)).count }
        #expect(idsPerReader.values.allSatisfy { $0 == 1 }, "a reader got two different digests")
        let repeats = received.count - Self.readers
        #expect(repeats <= 2, "at most the messages the killed process had in flight")
        let reports = try (1..<3).map { try String(contentsOfFile: dir.path("run\($0).out"), encoding: .utf8) }
        print("three processes on PostgreSQL: \(received.count) messages, \(repeats) repeats; the survivors: "
              + reports.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: " | ")
              + "; the rerun: \(rerun.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")
    }

}
