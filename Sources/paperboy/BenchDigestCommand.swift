import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyMail
import PaperboyServer

/// Times digests for many subscribers (BENCHMARKS.md): adds active subscribers with varied
/// topics to a database (use a copy), then creates and delivers their digests through the
/// configured transport, timing each step.
struct BenchDigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-digest",
        abstract: "Time creating and delivering the digests of many subscribers (adds them to the database: use a copy).",
        shouldDisplay: false
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Subscribers to add.")
    var subscribers = 10_000

    @Option(help: "A file of search queries (one per line) to draw topics from.")
    var queries: String

    @Option(help: "The time the digests are for (ISO 8601).")
    var now = "2025-06-17T12:00:00Z"

    @Flag(help: "Every subscriber also follows for-you, with an account whose library is a pseudo-reader's papers (authors with 12 or more).")
    var forYou = false

    @Flag(help: "Only add the subscribers (then time `paperboy digest run` processes, as scripts/bench-digest-cluster.sh does).")
    var subscribeOnly = false

    func run() async throws {
        let time = try DigestCommand.time(now)
        let app = try await Bootstrap.start(global)
        let lines = try String(contentsOfFile: queries, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let categories = ["cat:cs.CV", "cat:cs.CL", "cat:cs.LG", "cat:cs.AI", "cat:cs.RO", "cat:stat.ML", "cat:quant-ph", "cat:eess.IV"]
        // Seeded: every store gets the same readers with the same topics.
        var generator = SplitMix64(seed: 20_261_206)
        let clock = ContinuousClock()
        let libraries = forYou ? try await pseudoReaderLibraries(app.store) : []
        let adding = try await clock.measure {
            for i in 0..<subscribers {
                var topics = [DigestTopic.query(lines.randomElement(using: &generator)!), .query(lines.randomElement(using: &generator)!)]
                if i % 3 == 0 { topics.append(.query(categories[i % categories.count])) }
                if i % 4 == 0 { topics.append(.trending) }
                if !libraries.isEmpty {
                    topics.append(.forYou)
                    let account = try await app.store.account(email: EmailAddress("bench\(i)@example.org")!, creatingAt: time ?? Date())
                    for paper in libraries[i % libraries.count] { _ = try await app.store.save(paper, in: "Library", account: account.id, at: time ?? Date()) }
                }
                let request = Subscription(email: EmailAddress("bench\(i)@example.org")!, topics: topics,
                                           frequency: i % 5 == 0 ? .weekly : .daily, hour: i % 12)
                guard case .needsConfirmation(var subscription) = try await app.store.subscribe(request) else { continue }
                subscription.status = .active
                try await app.store.update(subscription)
            }
        }
        if subscribeOnly {
            print(String(format: "subscribers added: %d in %.1f s", subscribers, adding.seconds))
            return
        }
        var runner = try await app.digestRunner()
        runner.settings.sendEmpty = true
        if forYou {
            // Built before the clock starts, as the server keeps it built.
            let recommender = Recommender()
            let build = try await clock.measure { try await recommender.ensureBuilt(from: app.store, logger: app.logger) }
            print(String(format: "recommendation corpus built in %.1f s", build.seconds))
            runner.recommend = Site.digestPicks(store: app.store, recommender: recommender, limit: runner.settings.digestSize * 3)
        }
        var created = DigestRunner.Report()
        let creating = try await clock.measure { created = try await runner.createDueDigests(now: time) }
        var delivered = DigestRunner.Report()
        let delivering = try await clock.measure { delivered = try await runner.deliver(now: time) }
        if let smtp = runner.transport as? SMTPTransport { await smtp.close() }
        print(String(format: "subscribers added: %d in %.1f s", subscribers, adding.seconds))
        print(String(format: "digests created: %d in %.1f s (%.0f per second)", created.created, creating.seconds,
                     Double(created.created) / creating.seconds))
        print(String(format: "mail delivered: %d sent, %d retrying, %d failed in %.1f s (%.0f per second)", delivered.sent,
                     delivered.retrying, delivered.failed, delivering.seconds, Double(delivered.sent) / delivering.seconds))
        print(String(format: "digests composed and delivered: %.1f s", creating.seconds + delivering.seconds))
    }

    /// The papers of every pseudo-reader (`paperboy eval recs`'s readers: authors with 12 or
    /// more papers with an abstract), each reader's list a library.
    func pseudoReaderLibraries(_ store: some PaperStore) async throws -> [[PaperID]] {
        var facts: [PseudoReader.Facts] = []
        var after: PaperID?
        while case let page = try await store.papers(after: after, limit: 5_000), let last = page.last {
            facts += page.map { .init(id: $0.id.rawValue, published: $0.published, authors: $0.authors, hasAbstract: !($0.abstract ?? "").isEmpty) }
            after = last.id
        }
        return PseudoReader.choose(from: facts, count: 10_000).map { reader in
            (reader.library + reader.targets).compactMap { PaperID.parse(facts[$0].id)?.id }
        }
    }
}
