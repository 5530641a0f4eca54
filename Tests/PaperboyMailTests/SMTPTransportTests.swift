import Foundation
import PaperboyCore
import PaperboyMail
import PaperboyTestSupport
import Testing

/// The SMTP client against a real SMTP server (aiosmtpd) on loopback.
@Suite struct SMTPTransportTests {
    static func sink(_ dir: TemporaryDirectory, _ options: [String] = []) throws -> SMTPSink? {
        let sink = try SMTPSink.start(in: dir, options: options)
        if sink == nil && SMTPSink.toolsRequired { Issue.record("aiosmtpd is not installed (pip install aiosmtpd)") }
        return sink
    }

    static let raw = Data("From: <a@example.org>\r\nTo: <b@example.org>\r\nSubject: raw\r\nMessage-ID: <raw-1@example.org>\r\n\r\nfirst line\r\n.a line starting with a dot\r\n..two dots\r\nbare\nnewline\r\nlast".utf8)

    @Test(.enabled(if: TestTools.aiosmtpd)) func deliversToSeveralRecipientsWithDotStuffing() async throws {
        let dir = try TemporaryDirectory()
        guard let sink = try Self.sink(dir) else { return }
        let transport = SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"), heloName: "example.org")
        try await transport.send(Self.raw, from: "a@example.org", to: ["b@example.org", "c@example.org"])
        try await transport.send(Self.raw, from: "a@example.org", to: ["d@example.org"]) // the same session again
        await transport.close()
        let messages = sink.messages()
        #expect(messages.count == 2)
        let first = try #require(messages.first)
        #expect(try sink.envelope(first)["to"] as? [String] == ["b@example.org", "c@example.org"])
        let body = try String(contentsOf: first, encoding: .utf8)
        #expect(body.contains("\r\n.a line starting with a dot\r\n..two dots\r\nbare\r\nnewline\r\nlast"))
    }

    @Test(.enabled(if: TestTools.aiosmtpd && TestTools.openssl)) func startTLSWithAPrivateCertificateAndLogin() async throws {
        let dir = try TemporaryDirectory()
        guard let (certificate, key) = try SMTPSink.makeCertificate(in: dir) else {
            if SMTPSink.toolsRequired { Issue.record("openssl is not installed") }
            return
        }
        guard let sink = try Self.sink(dir, ["--tls-cert", certificate, "--tls-key", key, "--auth", "reader:s3cret pass"]) else { return }
        let url = "smtp://reader:s3cret%20pass@localhost:\(sink.port)?starttls=required&ca=\(certificate)&timeout=10"
        let transport = SMTPTransport(configuration: try SMTPConfiguration(url: url), heloName: "example.org")
        try await transport.send(Self.raw, from: "a@example.org", to: ["b@example.org"])
        await transport.close()
        let message = try #require(sink.messages().first)
        let envelope = try sink.envelope(message)
        #expect(envelope["tls"] as? Bool == true)
        #expect(envelope["auth"] as? Bool == true)

        // Without the certificate trusted, the self-signed server is refused.
        let untrusted = SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://reader:x@localhost:\(sink.port)?starttls=required&timeout=10"),
                                      heloName: "example.org")
        await #expect(throws: MailError.self) { try await untrusted.send(Self.raw, from: "a@example.org", to: ["b@example.org"]) }
        // A wrong password is the configuration's fault: temporary, never a reader's bounce.
        let wrong = SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://reader:nope@localhost:\(sink.port)?ca=\(certificate)&timeout=10"),
                                  heloName: "example.org")
        let error = await #expect(throws: MailError.self) { try await wrong.send(Self.raw, from: "a@example.org", to: ["b@example.org"]) }
        #expect(error?.kind == .temporary)
        #expect(sink.messages().count == 1)
    }

    @Test(.enabled(if: TestTools.aiosmtpd && TestTools.openssl)) func implicitTLSAndLoginAuthentication() async throws {
        let dir = try TemporaryDirectory()
        guard let (certificate, key) = try SMTPSink.makeCertificate(in: dir) else {
            if SMTPSink.toolsRequired { Issue.record("openssl is not installed") }
            return
        }
        guard let sink = try Self.sink(dir, ["--tls-cert", certificate, "--tls-key", key, "--implicit-tls",
                                             "--auth", "reader:pw", "--login-only"]) else { return }
        let transport = SMTPTransport(configuration: try SMTPConfiguration(url: "smtps://reader:pw@localhost:\(sink.port)?ca=\(certificate)&timeout=10"),
                                      heloName: "example.org")
        try await transport.send(Self.raw, from: "a@example.org", to: ["b@example.org"])
        await transport.close()
        let envelope = try sink.envelope(try #require(sink.messages().first))
        #expect(envelope["tls"] as? Bool == true)
        #expect(envelope["auth"] as? Bool == true)
    }

    @Test(.enabled(if: TestTools.aiosmtpd)) func requiredStartTLSIsNeverSkipped() async throws {
        let dir = try TemporaryDirectory()
        guard let sink = try Self.sink(dir) else { return }
        let transport = SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)?starttls=required"),
                                      heloName: "example.org")
        let error = await #expect(throws: MailError.self) { try await transport.send(Self.raw, from: "a@example.org", to: ["b@example.org"]) }
        #expect(error?.description.contains("STARTTLS") == true)
        #expect(sink.messages().isEmpty)
    }

    @Test(.enabled(if: TestTools.aiosmtpd)) func failuresAreClassifiedTemporaryOrPermanent() async throws {
        let dir = try TemporaryDirectory()
        guard let sink = try Self.sink(dir, ["--temporary-failures", "1", "--reject", "bounce"]) else { return }
        let transport = SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"), heloName: "example.org")
        let busy = await #expect(throws: MailError.self) { try await transport.send(Self.raw, from: "a@example.org", to: ["b@example.org"]) }
        #expect(busy?.kind == .temporary)
        let unknown = await #expect(throws: MailError.self) { try await transport.send(Self.raw, from: "a@example.org", to: ["bounce@example.org"]) }
        #expect(unknown?.kind == .permanent)
        try await transport.send(Self.raw, from: "a@example.org", to: ["b@example.org", "bounce@example.org"])
        #expect(try sink.envelope(try #require(sink.messages().first))["to"] as? [String] == ["b@example.org"])
        await transport.close()
    }

    @Test(.enabled(if: TestTools.aiosmtpd)) func silenceAndRefusalAreTemporary() async throws {
        let dir = try TemporaryDirectory()
        guard let silent = try Self.sink(dir, ["--silent"]) else { return }
        let slow = SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(silent.port)?timeout=1"), heloName: "example.org")
        let timeout = await #expect(throws: MailError.self) { try await slow.send(Self.raw, from: "a@example.org", to: ["b@example.org"]) }
        #expect(timeout?.kind == .temporary)
        #expect(timeout?.description.contains("in time") == true)
        silent.stop()
        let refused = SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(silent.port)?timeout=2"), heloName: "example.org")
        let closed = await #expect(throws: MailError.self) { try await refused.send(Self.raw, from: "a@example.org", to: ["b@example.org"]) }
        #expect(closed?.kind == .temporary)
    }

    @Test func configurationURLsAreCheckedAndPasswordsNeverShown() throws {
        let relay = try SMTPConfiguration(url: "smtps://user%40example.org:p%40ss@mail.example.org?connections=2")
        #expect(relay.implicitTLS && relay.port == 465 && relay.username == "user@example.org" && relay.password == "p@ss")
        #expect(relay.connections == 2)
        #expect(!relay.description.contains("p@ss"))
        #expect(try SMTPConfiguration(url: "smtp://mail.example.org").startTLS == .required)
        #expect(try SMTPConfiguration(url: "smtp://127.0.0.1:2525").startTLS == .opportunistic)
        for bad in ["http://mail.example.org", "smtp://", "smtp://mail.example.org?starttls=maybe", "smtp://mail.example.org?colour=blue",
                    "smtp://mail.example.org:99999"] {
            #expect(throws: (any Error).self, "\(bad)") { try SMTPConfiguration(url: bad) }
        }
    }
}
