import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP session: greeting, EHLO, STARTTLS, AUTH, then any number of mail transactions
/// over the same connection.
final class SMTPConnection: @unchecked Sendable {
    private let channel: any Channel
    private let handler: SMTPResponseHandler
    private let configuration: SMTPConfiguration
    private var extensions: [String: String] = [:]
    private(set) var isUsable = true

    private init(channel: any Channel, handler: SMTPResponseHandler, configuration: SMTPConfiguration) {
        self.channel = channel
        self.handler = handler
        self.configuration = configuration
    }

    /// Connects and prepares a session (TLS and login included).
    static func open(_ configuration: SMTPConfiguration, heloName: String) async throws -> SMTPConnection {
        let handler = SMTPResponseHandler()
        let tls = try makeTLSContext(configuration)
        let serverName = isIPAddress(configuration.host) ? nil : configuration.host
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(configuration.timeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if configuration.implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw MailError(.temporary, "cannot connect to \(configuration.host):\(configuration.port): \(error)")
        }
        let connection = SMTPConnection(channel: channel, handler: handler, configuration: configuration)
        do {
            try await connection.start(heloName: heloName, tls: tls, serverName: serverName)
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    private func start(heloName: String, tls: NIOSSLContext, serverName: String?) async throws {
        try expect(try await response(), 220, "greeting")
        try await hello(heloName)
        if !configuration.implicitTLS && configuration.startTLS != .never {
            if extensions["STARTTLS"] != nil {
                try expect(try await command("STARTTLS"), 220, "STARTTLS")
                let sslHandler = try NIOSSLClientHandler(context: tls, serverHostname: serverName)
                try await channel.pipeline.addHandler(sslHandler, position: .first).get()
                try await hello(heloName)
            } else if configuration.startTLS == .required {
                throw MailError(.temporary, "\(configuration.host) does not offer STARTTLS, which the configuration requires")
            }
        }
        if let username = configuration.username {
            try await authenticate(username: username, password: configuration.password ?? "")
        }
    }

    private func hello(_ name: String) async throws {
        let reply = try await command("EHLO \(name)")
        try expect(reply, 250, "EHLO")
        extensions = [:]
        for line in reply.lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let keyword = parts.first else { continue }
            extensions[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
        }
    }

    private func authenticate(username: String, password: String) async throws {
        guard let offered = extensions["AUTH"] else {
            throw MailError(.temporary, "\(configuration.host) offers no AUTH, but the configuration has a user name")
        }
        let mechanisms = Set(offered.uppercased().split(separator: " ").map(String.init))
        if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
            let credentials = Data(("\0" + username + "\0" + password).utf8).base64EncodedString()
            try expect(try await command("AUTH PLAIN \(credentials)", logged: "AUTH PLAIN ***"), 235, "AUTH PLAIN")
        } else {
            try expect(try await command("AUTH LOGIN"), 334, "AUTH LOGIN")
            try expect(try await command(Data(username.utf8).base64EncodedString(), logged: "***"), 334, "AUTH LOGIN user")
            try expect(try await command(Data(password.utf8).base64EncodedString(), logged: "***"), 235, "AUTH LOGIN password")
        }
    }

    /// One mail transaction. Recipients the server refuses are skipped; when it refuses all
    /// of them, or the message, the error says whether that is permanent (5xx).
    func send(_ message: Data, from sender: String, to recipients: [String]) async throws {
        let body = SMTPConnection.dotStuffed(message)
        if let limit = extensions["SIZE"].flatMap({ Int($0) }), limit > 0, body.count > limit {
            throw MailError(.permanent, "the message (\(body.count) bytes) exceeds the server's limit of \(limit)")
        }
        let size = extensions["SIZE"] != nil ? " SIZE=\(body.count)" : ""
        let mailFrom = try await command("MAIL FROM:<\(sender)>\(size)")
        guard mailFrom.isPositive else {
            // A refused sender is the configuration's fault, not the reader's: retry later.
            try? await reset()
            throw MailError(.temporary, "MAIL FROM refused: \(mailFrom)")
        }
        var accepted = 0
        var refusals: [SMTPResponse] = []
        for recipient in recipients {
            let reply = try await command("RCPT TO:<\(recipient)>")
            if reply.isPositive { accepted += 1 } else { refusals.append(reply) }
        }
        guard accepted > 0 else {
            try? await reset()
            let temporary = refusals.contains { $0.isTemporaryFailure } || refusals.isEmpty
            throw MailError(temporary ? .temporary : .permanent, "recipient refused: \(refusals.map(\.description).joined(separator: "; "))")
        }
        let data = try await command("DATA")
        guard data.code == 354 else {
            try? await reset()
            throw MailError(data.isTemporaryFailure ? .temporary : .permanent, "DATA refused: \(data)")
        }
        var buffer = channel.allocator.buffer(capacity: body.count + 5)
        buffer.writeBytes(body)
        buffer.writeString(".\r\n")
        try await channel.writeAndFlush(buffer).get()
        let final = try await response()
        guard final.isPositive else {
            throw MailError(final.isTemporaryFailure ? .temporary : .permanent, "message refused: \(final)")
        }
    }

    func quit() async {
        _ = try? await command("QUIT")
        close()
    }

    func close() {
        isUsable = false
        channel.close(promise: nil)
    }

    private func reset() async throws {
        _ = try await command("RSET")
    }

    private func command(_ line: String, logged: String? = nil) async throws -> SMTPResponse {
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(string: line + "\r\n")).get()
            return try await response()
        } catch let error as MailError {
            throw error
        } catch {
            isUsable = false
            throw MailError(.temporary, "SMTP \(logged ?? line.prefix(4).uppercased()): \(error)")
        }
    }

    private func response() async throws -> SMTPResponse {
        let timeout = TimeAmount(configuration.timeout)
        do {
            return try await channel.eventLoop.flatSubmit { [handler, channel] in
                handler.next(on: channel.eventLoop, timeout: timeout)
            }.get()
        } catch {
            isUsable = false
            throw MailError(.temporary, "SMTP: \(error)")
        }
    }

    private func expect(_ reply: SMTPResponse, _ code: Int, _ step: String) throws {
        guard reply.code == code else {
            isUsable = false
            // Failing to set up a session is never the reader's fault.
            throw MailError(.temporary, "\(step) failed: \(reply)")
        }
    }

    /// CRLF line ends everywhere, a leading dot doubled (RFC 5321 4.5.2), a final CRLF.
    static func dotStuffed(_ message: Data) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + 64)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { output.append(UInt8(ascii: "\r")) }
            if atLineStart && byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !output.isEmpty && !atLineStart { output += [13, 10] }
        return output
    }

    private static func makeTLSContext(_ configuration: SMTPConfiguration) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile = configuration.caFile {
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(caFile)
                tls.additionalTrustRoots = [.certificates(certificates)]
            } catch {
                throw MailError(.temporary, "cannot read the CA certificate \(caFile): \(error)")
            }
        }
        return try NIOSSLContext(configuration: tls)
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
