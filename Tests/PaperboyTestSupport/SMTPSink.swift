import Foundation

/// A real SMTP server (Python's aiosmtpd, Tests/tools/smtp_sink.py) for one test, saving
/// every message it accepts into a directory; and Python's `email` package to read them.
public final class SMTPSink: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    private let process: Process
    private let input: Pipe
    /// Kept alive as long as the server, which writes into it.
    private let owner: TemporaryDirectory

    static let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tools")

    /// Whether tests must fail rather than skip when a tool is missing (CI sets it).
    public static var toolsRequired: Bool { ProcessInfo.processInfo.environment["PAPERBOY_TEST_REQUIRE_TOOLS"] == "1" }

    /// Starts a server; nil when aiosmtpd is not installed (the caller skips or fails).
    public static func start(in directory: TemporaryDirectory, name: String = "smtp", options: [String] = []) throws -> SMTPSink? {
        let folder = URL(fileURLWithPath: directory.path(name))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", tools.appendingPathComponent("smtp_sink.py").path, folder.path] + options
        let output = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            return nil
        }
        return SMTPSink(port: port, directory: folder, process: process, input: input, owner: directory)
    }

    private init(port: Int, directory: URL, process: Process, input: Pipe, owner: TemporaryDirectory) {
        self.owner = owner
        self.port = port
        self.directory = directory
        self.process = process
        self.input = input
    }

    deinit { stop() }

    public func stop() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

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
    public static func parse(_ messages: [URL]) throws -> [[String: Any]] {
        guard !messages.isEmpty else { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", tools.appendingPathComponent("parse_mail.py").path] + messages.map(\.path)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    }

    /// A self-signed certificate for localhost and 127.0.0.1, made with openssl.
    public static func makeCertificate(in directory: TemporaryDirectory) throws -> (certificate: String, key: String)? {
        let certificate = directory.path("cert.pem"), key = directory.path("key.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                             "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? (certificate, key) : nil
    }
}
