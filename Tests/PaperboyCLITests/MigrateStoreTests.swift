import Foundation
import PaperboyCore
import PaperboyPostgres
import PaperboySQLite
import Testing

/// `paperboy migrate-store`: a SQLite instance with something in every table, moved to
/// PostgreSQL, answers the same there; running it again copies nothing twice.
@Suite(.enabled(if: TestTools.postgres, "needs PAPERBOY_TEST_POSTGRES_URL"))
struct MigrateStoreTests {
    @Test func everyTableArrivesAndARerunCopiesNothingTwice() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("old.sqlite")
        #expect(try await CLI.run(["import", "--db", path, CLI.fixture("papers-sample.jsonl")], in: dir).status == 0)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let old = try SQLitePaperStore(path: path, now: { t0 })
        let divot = PaperID.parse("2412.04432")!.id, yolo = PaperID.parse("2402.13616")!.id
        // A reader with a subscription, a delivered digest and a queued one.
        guard case .needsConfirmation(var reader) = try await old.subscribe(
            Subscription(email: EmailAddress("ada@example.org")!, topics: [.query("video")], hour: 7, timeZone: "Europe/Berlin")) else {
            Issue.record("not new"); return
        }
        reader.status = .active
        try await old.update(reader)
        let sent = OutboxMail(subscriptionID: reader.id, kind: .digest, period: "2026-11-29", messageID: "<d1@x>",
                              recipient: reader.email, message: Data("Subject: one\r\n\r\nbody".utf8), createdAt: t0)
        #expect(try await old.enqueue(sent, papers: [divot], digestDay: Day("2026-11-29")))
        let claimed = try await old.claimDueMail(at: t0, limit: 10, claimer: "h:1", lease: 60)
        try await old.markSent(claimed[0].id, at: t0)
        #expect(try await old.enqueue(OutboxMail(subscriptionID: reader.id, kind: .digest, period: "2026-11-30", messageID: "<d2@x>",
                                                 recipient: reader.email, message: Data("Subject: two\r\n\r\nbody".utf8), createdAt: t0),
                                      papers: [yolo], digestDay: Day("2026-11-30")))
        // Votes, an account with its library, ratings, a session and a spent nonce.
        #expect(try await old.vote(for: divot, voter: "visitor-1", network: "10.0.0.0/24", at: t0, networkLimit: 5) == .counted(total: 8))
        let account = try await old.account(email: EmailAddress("ada@example.org")!, creatingAt: t0)
        // An account deleted after the newest: its id is never given again, here or there.
        let gone = try await old.account(email: EmailAddress("gone@example.org")!, creatingAt: t0)
        #expect(try await old.deleteAccount(id: gone.id))
        #expect(try await old.save(divot, in: "Video", account: account.id, at: t0) == true)
        #expect(try await old.save(yolo, in: "Reading list", account: account.id, at: t0.addingTimeInterval(60)) == true)
        #expect(try await old.rate(yolo, .down, account: account.id, at: t0))
        try await old.createSession(tokenHash: "session-hash", account: account.id, expires: t0.addingTimeInterval(86_400))
        #expect(try await old.spendLoginNonce("nonce-1", expires: t0.addingTimeInterval(900)))
        // Fetch state, a set-aside item, the signing secret, embeddings.
        _ = try await old.upsert([], saving: (key: "arxiv", value: #"{"cursor":"x"}"#))
        try await old.recordProblem(.digest, item: "subscription 9", reason: "bad topic", at: t0)
        let secret = try await old.setting("secret", orInsert: { "s3cret-s3cret-s3cret-s3cret-s3cret" })
        try await old.saveEmbeddings([(divot, [0.5, -0.25, 1]), (yolo, [1, 0, 0])], model: "test-model")

        let url = try TestPostgres.freshSchemaURL()
        let first = try await CLI.run(["migrate-store", "--from", "sqlite:" + path, "--to", url], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        for table in ["subscriptions", "outbox", "digest_papers", "votes", "accounts", "library_items", "ratings", "sessions"] {
            #expect(first.stdout.split(separator: "\n").contains { $0.hasPrefix(table + " ") && !$0.hasSuffix(" 0") }, "\(table): \(first.stdout)")
        }

        let moved = try await PostgresPaperStore(location: try PostgresLocation(url: url), now: { t0 })
        #expect(try await moved.count() == 41)
        #expect(try await moved.paper(id: divot)?.totalUpvotes == 8)
        #expect(try await moved.subscription(email: EmailAddress("ADA@example.org")!)?.lastDigestDay == Day("2026-11-30"))
        #expect(try await moved.outboxCounts() == [.sent: 1, .queued: 1])
        #expect(try await moved.sentPapers(to: reader.id) == [divot, yolo])
        // The queued digest is delivered from PostgreSQL with its Message-ID.
        let due = try await moved.claimDueMail(at: t0, limit: 10, claimer: "h:2", lease: 60)
        #expect(due.map(\.messageID) == ["<d2@x>"])
        #expect(try await moved.votedPapers(by: "visitor-1", among: [divot, yolo]) == [divot])
        #expect(try await moved.vote(for: divot, voter: "visitor-1", network: "10.0.0.0/24", at: t0, networkLimit: 5) == .alreadyVoted(total: 8))
        #expect(try await moved.account(email: EmailAddress("ada@example.org")!)?.id == account.id)
        #expect(try await moved.collections(account: account.id).map(\.name) == ["Reading list", "Video"])
        #expect(try await moved.library(account: account.id, collection: nil).map(\.paper) == [yolo, divot])
        #expect(try await moved.ratings(account: account.id) == [yolo: .down])
        #expect(try await moved.sessionAccount(tokenHash: "session-hash", at: t0)?.id == account.id)
        #expect(try await moved.spendLoginNonce("nonce-1", expires: t0) == false)
        #expect(try await moved.fetchState("arxiv") == #"{"cursor":"x"}"#)
        #expect(try await moved.problems(.digest, limit: 10).map(\.item) == ["subscription 9"])
        #expect(try await moved.setting("secret", orInsert: { "another" }) == secret)
        #expect(try await moved.embeddings(ids: [divot], model: "test-model").first?.vector == [0.5, -0.25, 1])
        // New rows take ids after the copied ones.
        guard case .needsConfirmation(let newcomer) = try await moved.subscribe(
            Subscription(email: EmailAddress("bob@example.org")!, topics: [.trending])) else { Issue.record("not new"); return }
        #expect(newcomer.id > reader.id)
        #expect(try await moved.account(email: EmailAddress("new@example.org")!, creatingAt: t0).id > gone.id)

        // Again: nothing new, nothing doubled.
        let again = try await CLI.run(["migrate-store", "--from", path, "--to", url], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        for table in ["outbox", "votes", "library_items", "sessions"] {
            #expect(again.stdout.split(separator: "\n").contains { $0.hasPrefix(table + " ") && $0.hasSuffix(" 0") }, "\(table): \(again.stdout)")
        }
        #expect(try await moved.outboxCounts() == [.sent: 1, .queued: 1])
        #expect(try await moved.paper(id: divot)?.totalUpvotes == 8)

        // Another instance (its own signing secret) is not merged into.
        let other = try TestPostgres.freshSchemaURL()
        _ = try await PostgresPaperStore(location: try PostgresLocation(url: other)).setting("secret", orInsert: { "theirs-theirs-theirs-theirs-theirs" })
        let refused = try await CLI.run(["migrate-store", "--from", path, "--to", other], in: dir)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("already has another signing secret"))
    }
}
