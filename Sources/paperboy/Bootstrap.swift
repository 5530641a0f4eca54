import ArgumentParser
import Foundation
import Logging
import PaperboyCore
import PaperboySQLite

/// The one start-up path every subcommand goes through: configuration, logging, store.
struct Bootstrap {
    let config: AppConfig
    let logger: Logger
    let store: SQLitePaperStore

    static func start(_ options: GlobalOptions) throws -> Bootstrap {
        let config: AppConfig
        do {
            config = try AppConfig.resolve(options)
        } catch let invalid as AppConfig.Invalid {
            throw ValidationError(invalid.description)
        }
        LoggingSystem.bootstrapOnce(level: config.logLevel)
        var logger = Logger(label: "paperboy")
        logger.logLevel = config.logLevel
        let store: SQLitePaperStore
        do {
            store = try SQLitePaperStore(path: config.databasePath, logger: logger)
        } catch {
            throw Failure(description: "cannot open database '\(config.databasePath)': \(error)")
        }
        return Bootstrap(config: config, logger: logger, store: store)
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

/// A failure to explain to the user; ArgumentParser prints it and exits 1.
struct Failure: Error, CustomStringConvertible {
    let description: String
}
