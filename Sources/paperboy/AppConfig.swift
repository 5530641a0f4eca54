import Foundation
import Logging

/// The resolved configuration: command-line flags, then `PAPERBOY_*` environment
/// variables, then defaults. Every bad value is reported at once, each naming its key.
struct AppConfig: Sendable {
    var databasePath: String
    var logLevel: Logger.Level
    var server: ServerConfig

    /// What `serve` reads (other commands resolve it too, so a typo fails everywhere alike).
    struct ServerConfig: Sendable {
        var host = "127.0.0.1"
        var port = 8080
        var publicURL: String?
        var secret: String?
    }

    /// Flags of `serve` that override the environment.
    struct ServerFlags: Sendable {
        var host: String?
        var port: Int?
        var publicURL: String?
    }

    /// Every environment variable Paperboy reads. Others with the prefix are typos.
    static let knownEnvironmentKeys: Set<String> = [
        "PAPERBOY_DB", "PAPERBOY_LOG_LEVEL", "PAPERBOY_HOST", "PAPERBOY_PORT", "PAPERBOY_PUBLIC_URL", "PAPERBOY_SECRET",
    ]

    struct Invalid: Error, CustomStringConvertible {
        var problems: [String]
        var description: String {
            "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    static func resolve(_ options: GlobalOptions, server flags: ServerFlags = ServerFlags(), defaultLogLevel: String = "warning",
                        environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
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
            ?? environment["PAPERBOY_LOG_LEVEL"].map { ("PAPERBOY_LOG_LEVEL", $0) } ?? ("--log-level", defaultLogLevel)
        let level = Logger.Level(rawValue: levelValue.lowercased())
        if level == nil {
            problems.append("\(levelKey): '\(levelValue)' is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        let server = resolveServer(flags, environment: environment, problems: &problems)
        guard problems.isEmpty, let level else { throw Invalid(problems: problems) }
        return AppConfig(databasePath: databasePath, logLevel: level, server: server)
    }

    private static func resolveServer(_ flags: ServerFlags, environment: [String: String], problems: inout [String]) -> ServerConfig {
        var server = ServerConfig()
        let (hostKey, host) = flags.host.map { ("--host", $0) } ?? environment["PAPERBOY_HOST"].map { ("PAPERBOY_HOST", $0) } ?? ("--host", server.host)
        if host.isEmpty || host.contains(where: { $0.isWhitespace || $0 == "/" }) {
            problems.append("\(hostKey): '\(host)' is not a host name or address")
        }
        server.host = host
        if let port = flags.port {
            if !(0...65_535).contains(port) { problems.append("--port: \(port) is not between 0 and 65535") }
            server.port = port
        } else if let text = environment["PAPERBOY_PORT"] {
            if let port = Int(text), (0...65_535).contains(port) { server.port = port }
            else { problems.append("PAPERBOY_PORT: '\(text)' is not a port between 0 and 65535") }
        }
        if let (key, url) = flags.publicURL.map({ ("--public-url", $0) }) ?? environment["PAPERBOY_PUBLIC_URL"].map({ ("PAPERBOY_PUBLIC_URL", $0) }) {
            let components = URLComponents(string: url)
            if let components, ["http", "https"].contains(components.scheme?.lowercased() ?? ""), components.host?.isEmpty == false,
               components.query == nil, components.fragment == nil, components.user == nil {
                server.publicURL = url
            } else {
                problems.append("\(key): '\(url)' is not an absolute http(s) URL without query or fragment (e.g. https://papers.example.org)")
            }
        }
        if let secret = environment["PAPERBOY_SECRET"] {
            // Never echo the secret itself.
            if secret.count < 32 { problems.append("PAPERBOY_SECRET: too short (\(secret.count) characters; use at least 32)") }
            else { server.secret = secret }
        }
        return server
    }

    /// A URL with its password hidden, for error messages.
    static func redacted(_ value: String) -> String {
        guard var components = URLComponents(string: value), components.password != nil else { return value }
        components.password = "***"
        return components.string ?? value
    }
}
