import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// Where the database is: `postgres://USER:PASSWORD@HOST:PORT/DATABASE`, with optional
/// `?sslmode=disable|prefer|require`, `?host=/run/postgresql` (a Unix socket directory),
/// `?schema=NAME` (created if missing and used for every table) and `?pool=N` (connections
/// per process, 20 by default). Its description never shows the password.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// A Unix socket directory, used instead of host and port.
    public var socketDirectory: String?
    public var user: String
    public var password: String?
    public var database: String
    public var schema: String?
    public var sslMode: SSLMode
    public var poolSize: Int

    public enum SSLMode: String, Sendable { case disable, prefer, require }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether `text` names a PostgreSQL database rather than a file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String) throws {
        guard PostgresLocation.isURL(text), let components = URLComponents(string: text) else {
            throw Invalid(description: "not a postgres:// URL")
        }
        // A `%` that starts no escape is taken as written.
        user = components.percentEncodedUser.map { $0.removingPercentEncoding ?? $0 } ?? "postgres"
        password = components.percentEncodedPassword.map { $0.removingPercentEncoding ?? $0 }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        port = components.port ?? 5432
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? user
        sslMode = .prefer
        poolSize = 20
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw Invalid(description: "sslmode must be disable, prefer or require, not \(value)")
                }
                sslMode = mode
            case "host": socketDirectory = value
            case "schema":
                guard !value.isEmpty, value.utf8.count <= 63 else { throw Invalid(description: "schema must be 1-63 bytes") }
                schema = value
            case "pool":
                guard let size = Int(value), (1...1000).contains(size) else { throw Invalid(description: "pool must be 1-1000") }
                poolSize = size
            default:
                throw Invalid(description: "unknown parameter \(item.name) (sslmode, host, schema, pool)")
            }
        }
    }

    public var description: String {
        var text = "postgres://\(user)@"
        text += socketDirectory.map { "[\($0)]" } ?? "\(host):\(port)"
        text += "/\(database)"
        if let schema { text += "?schema=\(schema)" }
        return text
    }

    /// The same database with another schema.
    public func with(schema: String?) -> PostgresLocation {
        var copy = self
        copy.schema = schema
        return copy
    }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            let socket = socketDirectory.hasSuffix(".s.PGSQL.\(port)") ? socketDirectory : socketDirectory + "/.s.PGSQL.\(port)"
            configuration = .init(unixSocketPath: socket, username: user, password: password, database: database)
        } else {
            let tls: PostgresClient.Configuration.TLS = switch sslMode {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        configuration.options.maximumConnections = poolSize
        if let schema {
            // Every connection starts with its tables found in the schema (then public).
            configuration.options.additionalStartupParameters = [("search_path", PostgresLocation.quotedIdentifier(schema))]
        }
        return configuration
    }

    /// Connects once, alone, and hangs up: a database that cannot be reached (refused, wrong
    /// password, no such database) is reported at once with the server's reason, where the
    /// pool would retry for a minute before giving up.
    func probe(logger: Logger) async throws {
        var configuration: PostgresConnection.Configuration
        if let socketDirectory {
            let socket = socketDirectory.hasSuffix(".s.PGSQL.\(port)") ? socketDirectory : socketDirectory + "/.s.PGSQL.\(port)"
            configuration = .init(unixSocketPath: socket, username: user, password: password, database: database)
        } else {
            let tls: PostgresConnection.Configuration.TLS = switch sslMode {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(10)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        try await connection.close()
    }

    /// `name` as a double-quoted SQL identifier.
    static func quotedIdentifier(_ name: String) -> String {
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in name.unicodeScalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }
}
