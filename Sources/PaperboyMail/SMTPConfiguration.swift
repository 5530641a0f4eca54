import Foundation

/// Where and how to relay mail, from `PAPERBOY_SMTP_URL`:
/// `smtp://user:pass@host:587?starttls=required` (or `smtps://` for TLS from the start).
/// Query options: `starttls=required|opportunistic|never` (default required, except on a
/// loopback host where it is opportunistic), `ca=/path/cert.pem` (trust this certificate
/// too, for a private relay), `timeout=SECONDS` (per command, default 60),
/// `connections=N` (parallel deliveries, default 4).
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    public enum StartTLS: String, Sendable { case required, opportunistic, never }

    public var host: String
    public var port: Int
    public var implicitTLS: Bool
    public var startTLS: StartTLS
    public var username: String?
    public var password: String?
    public var caFile: String?
    public var timeout: Duration
    public var connections: Int

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "smtp" || scheme == "smtps", let host = components.host, !host.isEmpty else {
            throw Invalid(description: "must look like smtp://user:pass@host:587 or smtps://host:465")
        }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        implicitTLS = scheme == "smtps"
        port = components.port ?? (implicitTLS ? 465 : 587)
        guard (1...65_535).contains(port) else { throw Invalid(description: "the port must be 1-65535") }
        username = components.user?.removingPercentEncoding
        password = components.password?.removingPercentEncoding
        let loopback = ["localhost", "127.0.0.1", "::1"].contains(self.host)
        startTLS = implicitTLS ? .never : (loopback ? .opportunistic : .required)
        caFile = nil
        timeout = .seconds(60)
        connections = 4
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "starttls":
                guard let mode = StartTLS(rawValue: value) else {
                    throw Invalid(description: "starttls must be required, opportunistic or never")
                }
                startTLS = mode
            case "ca":
                caFile = value
            case "timeout":
                guard let seconds = Double(value), seconds > 0, seconds <= 600 else {
                    throw Invalid(description: "timeout must be more than 0 and at most 600 seconds")
                }
                timeout = .milliseconds(Int64(seconds * 1000))
            case "connections":
                guard let count = Int(value), (1...32).contains(count) else { throw Invalid(description: "connections must be 1-32") }
                connections = count
            default:
                throw Invalid(description: "unknown option '\(item.name)' (known: starttls, ca, timeout, connections)")
            }
        }
        if implicitTLS && startTLS != .never { startTLS = .never }
    }

    /// The relay without its password, for logs.
    public var description: String {
        "\(implicitTLS ? "smtps" : "smtp")://\(username.map { "\($0)@" } ?? "")\(host):\(port) (starttls \(startTLS.rawValue))"
    }
}
