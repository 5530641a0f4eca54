import ArgumentParser
import Foundation
import Logging
import PaperboyCore
import PaperboySQLite
import PaperboyMail
import PaperboyPostgres
import PaperboyServer

/// Every store protocol: what the commands and the server ask of the database.
typealias AppStore = PaperStore & FetchStateStore & VoteStore & EmbeddingStore & SimilarListStore & SettingStore
    & SubscriptionStore & OutboxStore & JobProblemStore & PaperChangeStore & AccountStore & LibraryStore & SessionStore & JobLeaseStore

/// The one start-up path every subcommand goes through: configuration, logging, store.
struct Bootstrap {
    let config: AppConfig
    let logger: Logger
    /// The SQLite file (the default) or the PostgreSQL database.
    let store: any AppStore
    /// The one clock: every "now" and "today" of a command comes from here.
    let now: @Sendable () -> Date

    /// The wall clock, read nowhere else in the CLI (`digest run --now` stands in for it).
    static let clock: @Sendable () -> Date = { Date() }

    /// - Parameter createDatabase: whether a missing database file is created (commands that
    ///   write) or an error (commands that only read, so a mistyped path is noticed).
    static func start(_ options: GlobalOptions, createDatabase: Bool = false, server: AppConfig.ServerFlags = .init(),
                      defaultLogLevel: String = "warning") async throws -> Bootstrap {
        let (config, logger) = try configure(options, server: server, defaultLogLevel: defaultLogLevel)
        if config.postgres == nil, !createDatabase, !FileManager.default.fileExists(atPath: config.databasePath) {
            throw Failure(description: "no database at '\(config.databasePath)' (create one with `paperboy import FILE`)")
        }
        let store: any AppStore
        do {
            if let postgres = config.postgres {
                store = try await PostgresPaperStore(location: postgres, now: clock, logger: logger)
            } else {
                store = try SQLitePaperStore(path: config.databasePath, now: clock, logger: logger)
            }
        } catch {
            throw Failure(description: "cannot open database '\(config.databasePath)': \(error)")
        }
        return Bootstrap(config: config, logger: logger, store: store, now: clock)
    }

    /// Configuration and logging only, for work that needs no database (`import --dry-run`).
    static func configure(_ options: GlobalOptions, server: AppConfig.ServerFlags = .init(),
                          defaultLogLevel: String = "warning") throws -> (AppConfig, Logger) {
        let config: AppConfig
        do {
            config = try AppConfig.resolve(options, server: server, defaultLogLevel: defaultLogLevel)
        } catch let invalid as AppConfig.Invalid {
            throw Failure(description: invalid.description)
        }
        LoggingSystem.bootstrapOnce(level: config.logLevel)
        var logger = Logger(label: "paperboy")
        logger.logLevel = config.logLevel
        return (config, logger)
    }
}

extension LoggingSystem {
    nonisolated(unsafe) private static var bootstrapped = false
    private static let lock = NSLock()

    /// Logs go to stderr so that stdout stays clean for `--json` and `export`.
    static func bootstrapOnce(level: Logger.Level) {
        lock.withLock {
            guard !bootstrapped else { return }
            bootstrapped = true
            bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}

extension Bootstrap {
    /// Where mail goes: the configured SMTP relay, else the Maildir outbox.
    func mailSetup() -> MailSetup {
        let mail = config.mail
        let transport: any MailTransport
        if let smtp = mail.smtp {
            transport = SMTPTransport(configuration: smtp, heloName: mail.from.domain)
            logger.info("mail goes through an SMTP relay", metadata: ["relay": "\(smtp)"])
        } else {
            transport = MaildirTransport(directory: URL(fileURLWithPath: mail.outbox))
        }
        var settings = DigestRunner.Settings(sender: mail.from)
        settings.digestSize = mail.digestSize
        settings.sendEmpty = mail.sendEmpty
        settings.concurrency = mail.smtp?.connections ?? 1
        settings.claimer = DeliveryClaim.thisProcess
        return MailSetup(transport: transport, settings: settings)
    }

    /// The digest runner of the CLI, signing links as the server does.
    func digestRunner() async throws -> DigestRunner {
        let secret = try await store.signingSecret(configured: config.server.secret)
        let setup = mailSetup()
        var runner = DigestRunner(store: store, transport: setup.transport,
                                  links: SubscriptionLinks(publicURL: config.server.publicURL, tokens: SubscriptionTokens(signer: TokenSigner(secret: secret))),
                                  settings: setup.settings, now: now, logger: logger)
        // Readers who follow `for-you` need the recommendation corpus: built on the first
        // such reader of the run (a run without one never pays for it).
        // Servers on the same database share the readers out with this run.
        runner.leases = store
        let recommender = Recommender()
        let picks = Site.digestPicks(store: store, recommender: recommender, limit: setup.settings.digestSize * 3)
        runner.recommend = { [store, logger] subscription, window in
            try await recommender.ensureBuilt(from: store, logger: logger)
            return try await picks(subscription, window)
        }
        return runner
    }
}
