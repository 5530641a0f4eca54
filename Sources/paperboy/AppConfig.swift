import Foundation
import Logging

/// The resolved configuration: command-line flags, then `PAPERBOY_*` environment
/// variables, then defaults. Every bad value is reported at once, each naming its key.
struct AppConfig: Sendable {
    var databasePath: String
    var logLevel: Logger.Level

    /// Every environment variable Paperboy reads. Others with the prefix are typos.
    static let knownEnvironmentKeys: Set<String> = ["PAPERBOY_DB", "PAPERBOY_LOG_LEVEL"]

    struct Invalid: Error, CustomStringConvertible {
        var problems: [String]
        var description: String {
            "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    static func resolve(_ options: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        var problems: [String] = []
        for key in environment.keys.sorted() where key.hasPrefix("PAPERBOY_") && !key.hasPrefix("PAPERBOY_TEST_")
            && !knownEnvironmentKeys.contains(key) {
            problems.append("\(key): unknown setting (known: \(knownEnvironmentKeys.sorted().joined(separator: ", ")))")
        }

        let (dbKey, dbValue) = options.db.map { ("--db", $0) }
            ?? environment["PAPERBOY_DB"].map { ("PAPERBOY_DB", $0) } ?? ("--db", "./paperboy.sqlite")
        var databasePath = dbValue
        if databasePath.hasPrefix("sqlite://") { databasePath.removeFirst("sqlite://".count) }
        else if databasePath.hasPrefix("sqlite:") { databasePath.removeFirst("sqlite:".count) }
        if databasePath.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append("\(dbKey): empty database path")
        } else if dbValue.contains("://") && !dbValue.hasPrefix("sqlite://") {
            problems.append("\(dbKey): '\(AppConfig.redacted(dbValue))' is not a SQLite path (only SQLite is supported so far)")
        } else {
            let directory = (databasePath as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
                problems.append("\(dbKey): directory '\(directory)' does not exist")
            }
        }

        let (levelKey, levelValue) = options.logLevel.map { ("--log-level", $0) }
            ?? environment["PAPERBOY_LOG_LEVEL"].map { ("PAPERBOY_LOG_LEVEL", $0) } ?? ("--log-level", "warning")
        let level = Logger.Level(rawValue: levelValue.lowercased())
        if level == nil {
            problems.append("\(levelKey): '\(levelValue)' is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        guard problems.isEmpty, let level else { throw Invalid(problems: problems) }
        return AppConfig(databasePath: databasePath, logLevel: level)
    }

    /// A URL with its password hidden, for error messages.
    static func redacted(_ value: String) -> String {
        guard var components = URLComponents(string: value), components.password != nil else { return value }
        components.password = "***"
        return components.string ?? value
    }
}
