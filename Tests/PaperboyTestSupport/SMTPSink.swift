import Foundation

/// A real SMTP server (Python's aiosmtpd, Tests/tools/smtp_sink.py) for one test, saving
/// every message it accepts into a directory; and Python's `email` package to read them.
public final class SMTPSink: @unchecked Sendable {
    public let directory: URL
    private let server: ToolServer
    /// Kept alive as long as the server, which writes into it.
    private let owner: TemporaryDirectory

    public var port: Int { server.port }

    /// Whether tests must fail rather than skip when a tool is missing (CI sets it).
    public static var toolsRequired: Bool { TestTools.required }

    /// Starts a server; nil when aiosmtpd is not installed (the caller skips or fails).
    public static func launch(in directory: TemporaryDirectory, name: String = "smtp", options: [String] = []) async throws -> SMTPSink? {
        let folder = URL(fileURLWithPath: directory.path(name))
        guard let server = try await ToolServer.launch("smtp_sink.py", [folder.path] + options) else { return nil }
        return SMTPSink(directory: folder, server: server, owner: directory)
    }

    /// `launch` for synchronous callers: blocks the calling thread until the server is ready.
    public static func start(in directory: TemporaryDirectory, name: String = "smtp", options: [String] = []) throws -> SMTPSink? {
        let folder = URL(fileURLWithPath: directory.path(name))
        guard let server = try ToolServer.start("smtp_sink.py", [folder.path] + options) else { return nil }
        return SMTPSink(directory: folder, server: server, owner: directory)
    }

    private init(directory: URL, server: ToolServer, owner: TemporaryDirectory) {
        self.directory = directory
        self.server = server
        self.owner = owner
    }

    public func stop() { server.stop() }

    /// The saved messages, in the order they arrived.
    public func messages() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") }.compactMap { name in Int(name.dropLast(4)).map { ($0, name) } }
            .sorted { $0.0 < $1.0 }.map { directory.appendingPathComponent($0.1) }
    }

    /// The envelope (from, to, tls, auth) of a saved message.
    public func envelope(_ message: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: message.deletingPathExtension().appendingPathExtension("json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Each message as Python's email package reads it: headers, parts, text, html, links.
    public static func parsed(_ messages: [URL]) async throws -> [[String: Any]] {
        guard !messages.isEmpty else { return [] }
        return try decode(await ChildProcess.run(parseCommand(messages)))
    }

    /// `parsed` for synchronous callers: blocks the calling thread while Python runs.
    public static func parse(_ messages: [URL]) throws -> [[String: Any]] {
        guard !messages.isEmpty else { return [] }
        return try decode(ChildProcess.runBlocking(parseCommand(messages)))
    }

    private static func parseCommand(_ messages: [URL]) -> [String] {
        ["python3", ToolServer.toolPath("parse_mail.py")] + messages.map(\.path)
    }

    private static func decode(_ result: ChildProcess.Result) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    /// A self-signed certificate for localhost and 127.0.0.1, made with openssl. Blocks the
    /// calling thread while openssl runs.
    public static func makeCertificate(in directory: TemporaryDirectory) throws -> (certificate: String, key: String)? {
        let certificate = directory.path("cert.pem"), key = directory.path("key.pem")
        let openssl = try ChildProcess.runBlocking(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        return openssl.status == 0 ? (certificate, key) : nil
    }
}
