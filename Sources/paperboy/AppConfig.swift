import Foundation
import Logging
import PaperboyCore
import PaperboyEmbed
import PaperboyFetch
import PaperboyMail
import PaperboyPostgres
import PaperboySearch
import PaperboyServer

/// The resolved configuration: command-line flags, then `PAPERBOY_*` environment
/// variables, then defaults. Every bad value is reported at once, each naming its key.
struct AppConfig: Sendable {
    /// The SQLite file, or for PostgreSQL the database as shown (no password), in messages.
    var databasePath: String
    /// The PostgreSQL database, when `--db` / PAPERBOY_DB is a `postgres://` URL.
    var postgres: PostgresLocation?
    var logLevel: Logger.Level
    /// Handed whole to the server; the CLI reads the model directory from it too.
    var server: ServerSettings
    var mail: MailConfig
    var fetch: FetchSettings

    /// Where the search indexes are kept (beside the SQLite file, or in PAPERBOY_INDEX_DIR).
    var keywordIndexPath: String { server.keywordIndexPath ?? KeywordSearchService.snapshotPath(besideDatabase: databasePath) }
    var vectorIndexPath: String { server.vectorIndexPath ?? SemanticIndex.indexPath(besideDatabase: databasePath) }

    /// Where the embedding model is (PAPERBOY_MODEL_DIR).
    var modelDirectory: String { server.modelDirectory ?? ServerSettings.defaultModelDirectory }

    /// How digests and confirmation emails go out.
    struct MailConfig: Sendable {
        /// The relay; nil writes messages into the `outbox` Maildir instead.
        var smtp: SMTPConfiguration?
        var from = EmailAddress("paperboy@localhost")!
        var outbox = "./outbox"
        var digestSize = 10
        var sendEmpty = false
    }

    /// Flags of `serve` that override the environment.
    struct ServerFlags: Sendable {
        var host: String?
        var port: Int?
        var publicURL: String?
        var modelDirectory: String?
    }

    /// Every environment variable Paperboy reads. Others with the prefix are typos.
    static let knownEnvironmentKeys: Set<String> = [
        "PAPERBOY_DB", "PAPERBOY_LOG_LEVEL", "PAPERBOY_HOST", "PAPERBOY_PORT", "PAPERBOY_PUBLIC_URL", "PAPERBOY_SECRET",
        "PAPERBOY_SMTP_URL", "PAPERBOY_MAIL_FROM", "PAPERBOY_OUTBOX", "PAPERBOY_DIGEST_SIZE", "PAPERBOY_DIGEST_SEND_EMPTY",
        "PAPERBOY_DIGEST_INTERVAL", "PAPERBOY_FETCH_DELAY", "PAPERBOY_OAI_URL", "PAPERBOY_ARXIV_API_URL", "PAPERBOY_HF_URL",
        "PAPERBOY_FETCH_SOURCES", "PAPERBOY_ARXIV_CATEGORIES", "PAPERBOY_OAI_SET", "PAPERBOY_ADMIN_TOKEN", "PAPERBOY_MODEL_DIR",
        "PAPERBOY_TRUSTED_PROXIES", "PAPERBOY_IDLE_TIMEOUT", "PAPERBOY_RANKING_OFF", "PAPERBOY_INDEX_DIR",
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
        var postgres: PostgresLocation?
        // Where the search indexes are kept: beside a SQLite file; for PostgreSQL in
        // PAPERBOY_INDEX_DIR (the working directory by default), one pair per database.
        var indexBase = databasePath
        if PostgresLocation.isURL(dbValue) {
            do {
                let location = try PostgresLocation(url: dbValue)
                postgres = location
                databasePath = location.description
                let directory = environment["PAPERBOY_INDEX_DIR"] ?? "."
                var isDirectory: ObjCBool = false
                if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
                    problems.append("PAPERBOY_INDEX_DIR: directory '\(directory)' does not exist")
                }
                let name = ([location.database] + (location.schema.map { [$0] } ?? [])).joined(separator: "-")
                indexBase = directory + "/paperboy-" + String(String.UnicodeScalarView(name.unicodeScalars.map {
                    $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") ? $0 : "_"
                }))
            } catch {
                problems.append("\(dbKey): '\(AppConfig.redacted(dbValue))' \(error)")
            }
        } else {
            if databasePath.hasPrefix("sqlite://") { databasePath.removeFirst("sqlite://".count) }
            else if databasePath.hasPrefix("sqlite:") { databasePath.removeFirst("sqlite:".count) }
            indexBase = databasePath
            if databasePath.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("\(dbKey): empty database path")
            } else if dbValue.contains("://") && !dbValue.hasPrefix("sqlite://") {
                problems.append("\(dbKey): '\(AppConfig.redacted(dbValue))' is neither a SQLite path nor a postgres:// URL")
            } else {
                let directory = (databasePath as NSString).deletingLastPathComponent
                var isDirectory: ObjCBool = false
                if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
                    problems.append("\(dbKey): directory '\(directory)' does not exist")
                }
            }
            if environment["PAPERBOY_INDEX_DIR"] != nil {
                problems.append("PAPERBOY_INDEX_DIR: only for PostgreSQL (a SQLite database keeps its indexes beside its file)")
            }
        }

        let (levelKey, levelValue) = options.logLevel.map { ("--log-level", $0) }
            ?? environment["PAPERBOY_LOG_LEVEL"].map { ("PAPERBOY_LOG_LEVEL", $0) } ?? ("--log-level", defaultLogLevel)
        let level = Logger.Level(rawValue: levelValue.lowercased())
        if level == nil {
            problems.append("\(levelKey): '\(levelValue)' is not one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        var server = resolveServer(flags, environment: environment, problems: &problems)
        server.keywordIndexPath = KeywordSearchService.snapshotPath(besideDatabase: indexBase)
        server.vectorIndexPath = SemanticIndex.indexPath(besideDatabase: indexBase)
        let mail = resolveMail(environment: environment, problems: &problems)
        let fetch = resolveFetch(environment: environment, problems: &problems)
        server.rankingCategories = fetch.arxivCategories
        if let text = environment["PAPERBOY_RANKING_OFF"] {
            if let features = RankingOffOption.features(text) { server.rankingOff = Set(features) }
            else { problems.append("PAPERBOY_RANKING_OFF: '\(text)' is not a comma-separated list of ranking features (\(RankingOffOption.names))") }
        }
        guard problems.isEmpty, let level else { throw Invalid(problems: problems) }
        return AppConfig(databasePath: databasePath, postgres: postgres, logLevel: level, server: server, mail: mail, fetch: fetch)
    }

    private static func resolveFetch(environment: [String: String], problems: inout [String]) -> FetchSettings {
        var fetch = FetchSettings()
        if let text = environment["PAPERBOY_FETCH_DELAY"] {
            if let seconds = Double(text), seconds >= 0, seconds <= 3_600 { fetch.delay = seconds }
            else { problems.append("PAPERBOY_FETCH_DELAY: '\(text)' is not a number of seconds between 0 and 3600") }
        }
        for (key, path) in [("PAPERBOY_OAI_URL", \FetchSettings.oaiURL), ("PAPERBOY_ARXIV_API_URL", \FetchSettings.arxivAPIURL),
                            ("PAPERBOY_HF_URL", \FetchSettings.hfURL)] {
            guard let url = environment[key] else { continue }
            if isHTTPURL(url) { fetch[keyPath: path] = url }
            else { problems.append("\(key): '\(url)' is not an http(s) URL") }
        }
        if let text = environment["PAPERBOY_FETCH_SOURCES"] {
            let names = text.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if names == ["none"] {
                fetch.sources = []
            } else if let bad = names.first(where: { ScheduledSource.Kind(rawValue: $0) == nil }) {
                problems.append("PAPERBOY_FETCH_SOURCES: '\(bad)' is not hf, arxiv, oai or none")
            } else {
                fetch.sources = names.compactMap(ScheduledSource.Kind.init(rawValue:))
            }
        }
        if let text = environment["PAPERBOY_ARXIV_CATEGORIES"] {
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if names.isEmpty || names.contains(where: { !ArxivSubjects.isCategoryCode($0) }) {
                problems.append("PAPERBOY_ARXIV_CATEGORIES: '\(text)' is not a comma-separated list of arXiv categories (cs.CV,cs.LG)")
            } else {
                fetch.arxivCategories = names
            }
        }
        if let set = environment["PAPERBOY_OAI_SET"], !set.isEmpty { fetch.oaiSet = set }
        return fetch
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else { return false }
        return (scheme == "http" || scheme == "https") && components.host?.isEmpty == false
    }

    private static func resolveMail(environment: [String: String], problems: inout [String]) -> MailConfig {
        var mail = MailConfig()
        if let url = environment["PAPERBOY_SMTP_URL"], !url.isEmpty {
            do { mail.smtp = try SMTPConfiguration(url: url) }
            catch { problems.append("PAPERBOY_SMTP_URL: '\(redacted(url))' \(error)") }
        }
        if let from = environment["PAPERBOY_MAIL_FROM"] {
            if let address = EmailAddress(from) { mail.from = address }
            else { problems.append("PAPERBOY_MAIL_FROM: '\(from)' is not an email address") }
        }
        if let outbox = environment["PAPERBOY_OUTBOX"] {
            if outbox.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("PAPERBOY_OUTBOX: empty path") }
            else { mail.outbox = outbox }
        }
        if let text = environment["PAPERBOY_DIGEST_SIZE"] {
            if let size = Int(text), (1...100).contains(size) { mail.digestSize = size }
            else { problems.append("PAPERBOY_DIGEST_SIZE: '\(text)' is not a number of papers between 1 and 100") }
        }
        if let text = environment["PAPERBOY_DIGEST_SEND_EMPTY"] {
            switch text.lowercased() {
            case "1", "true", "yes": mail.sendEmpty = true
            case "0", "false", "no": mail.sendEmpty = false
            default: problems.append("PAPERBOY_DIGEST_SEND_EMPTY: '\(text)' is not true or false")
            }
        }
        return mail
    }

    private static func resolveServer(_ flags: ServerFlags, environment: [String: String], problems: inout [String]) -> ServerSettings {
        var server = ServerSettings()
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
                server.configuredPublicURL = url
            } else {
                problems.append("\(key): '\(url)' is not an absolute http(s) URL without query or fragment (e.g. https://papers.example.org)")
            }
        }
        if let text = environment["PAPERBOY_TRUSTED_PROXIES"] {
            for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
                if let network = IPNetwork(entry) { server.trustedProxies.append(network) }
                else { problems.append("PAPERBOY_TRUSTED_PROXIES: '\(entry)' is not an address or CIDR block (127.0.0.1, 10.0.0.0/8, fd00::/8)") }
            }
        }
        if let text = environment["PAPERBOY_IDLE_TIMEOUT"] {
            if let seconds = Double(text), seconds >= 0.1, seconds <= 3_600 { server.idleTimeout = seconds }
            else { problems.append("PAPERBOY_IDLE_TIMEOUT: '\(text)' is not a number of seconds between 0.1 and 3600") }
        }
        if let secret = environment["PAPERBOY_SECRET"] {
            // Never echo the secret itself.
            if secret.count < 32 { problems.append("PAPERBOY_SECRET: too short (\(secret.count) characters; use at least 32)") }
            else { server.secret = secret }
        }
        if let token = environment["PAPERBOY_ADMIN_TOKEN"] {
            // Never echo the token itself.
            if token.count < 16 { problems.append("PAPERBOY_ADMIN_TOKEN: too short (use at least 16 characters)") }
            else { server.adminToken = token }
        }
        if let text = environment["PAPERBOY_DIGEST_INTERVAL"] {
            if let minutes = Int(text), (1...1_440).contains(minutes) { server.digestInterval = minutes }
            else { problems.append("PAPERBOY_DIGEST_INTERVAL: '\(text)' is not a number of minutes between 1 and 1440") }
        }
        server.modelDirectory = flags.modelDirectory.flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["PAPERBOY_MODEL_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ServerSettings.defaultModelDirectory
        return server
    }

    /// A URL with its password hidden, for error messages.
    static func redacted(_ value: String) -> String {
        guard var components = URLComponents(string: value) else {
            // Not a URL Foundation reads (a password with a raw `%`, `#` or space): mask
            // everything between the scheme and the last `@` of the authority.
            // Scalars, not Characters: an `@` followed by a combining mark is still the `@`.
            let scalars = Array(value.unicodeScalars)
            guard let scheme = value.range(of: "://").map({ value.unicodeScalars.distance(from: value.unicodeScalars.startIndex, to: $0.upperBound) })
            else { return value }
            let authority = scalars[scheme...].prefix { $0 != "/" && $0 != "?" }
            guard let at = authority.lastIndex(of: "@") else { return value }
            var masked = String.UnicodeScalarView(scalars[..<scheme])
            masked.append(contentsOf: "***".unicodeScalars)
            masked.append(contentsOf: scalars[at...])
            return String(masked)
        }
        guard components.password != nil else { return value }
        components.password = "***"
        return components.string ?? value
    }
}
