import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyMail

struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest", abstract: "Create and send the email digests that are due (for cron), or preview one.",
        subcommands: [Run.self, Preview.self, Status.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create every digest that is due and deliver the outbox (mail to PAPERBOY_SMTP_URL, else the ./outbox Maildir).")

        @OptionGroup var global: GlobalOptions

        @Option(help: "The time to act as if it were (ISO 8601, e.g. 2026-11-30T07:00:00Z); default now.")
        var now: String?

        func run() async throws {
            let time = try DigestCommand.time(now)
            let app = try await Bootstrap.start(global, createDatabase: true, defaultLogLevel: "info")
            let runner = try await app.digestRunner()
            let report = try await runner.run(now: time)
            if let smtp = runner.transport as? SMTPTransport { await smtp.close() }
            print("digests created \(report.created), empty \(report.empty), set aside \(report.setAside); mail sent \(report.sent), retrying \(report.retrying), failed \(report.failed)")
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the digest a subscriber would get now (nothing is stored or sent).")

        @OptionGroup var global: GlobalOptions

        @Option(help: "The time to act as if it were (ISO 8601); default now.")
        var now: String?

        @Flag(help: "Print the whole MIME message instead of its text part.")
        var raw = false

        @Argument(help: "The subscriber's email address.")
        var email: String

        func run() async throws {
            let time = try DigestCommand.time(now)
            guard let address = EmailAddress(email) else { throw ValidationError("'\(email)' is not an email address") }
            let app = try await Bootstrap.start(global)
            guard let subscription = try await app.store.subscription(email: address) else {
                throw Failure(description: "no subscription for \(address)")
            }
            guard let message = try await app.digestRunner().preview(subscription, now: time) else { return }
            if raw {
                FileHandle.standardOutput.write(try message.rendered())
            } else {
                print(TerminalText.safe("Subject: \(message.subject)\nTo: \(message.to)\n\n\(message.text)"))
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count subscriptions and outbox mail.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let app = try await Bootstrap.start(global)
            let counts = try await app.store.outboxCounts()
            let subscriptions = try await app.store.subscriptionCounts()
            print("subscriptions: " + Subscription.Status.allCases.map { "\($0.rawValue) \(subscriptions[$0] ?? 0)" }.joined(separator: ", "))
            print("outbox: queued \(counts[.queued] ?? 0), sent \(counts[.sent] ?? 0), failed \(counts[.failed] ?? 0)")
            let problems = try await app.store.problems(.digest, limit: 50) + (try await app.store.problems(.mail, limit: 50))
            print("set aside: \(problems.count)")
            let formatter = ISO8601DateFormatter()
            for problem in problems {
                print(TerminalText.safe("  \(problem.job.rawValue) \(problem.item): \(problem.reason) (\(problem.count)x, last \(formatter.string(from: problem.lastAt)))"))
            }
        }
    }

    /// The time `--now` gives, or nil for the bootstrap's clock.
    static func time(_ text: String?) throws -> Date? {
        guard let text else { return nil }
        guard let date = ISO8601DateFormatter().date(from: text) else {
            throw ValidationError("--now: '\(text)' is not an ISO 8601 time such as 2026-11-30T07:00:00Z")
        }
        return date
    }
}
