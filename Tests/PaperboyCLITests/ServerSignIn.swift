import Foundation
import PaperboyTestSupport

/// Signing in to a running `paperboy serve` as a reader does, over plain HTTP (no client that
/// follows redirects or keeps cookies on its own): ask for the link, read it from the
/// server's Maildir, press the link page's button, then make an API token on /account.
extension ServeCommandTests.Server {
    struct Answer {
        let status: Int
        let headers: [String: String]
        let body: String
    }

    /// One request on its own connection.
    func raw(_ method: String, _ path: String, headers: [String: String] = [:], body: String = "") async throws -> Answer {
        let port = Int(url.split(separator: ":").last!)!
        let connection = try RawConnection(port: port)
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        connection.send(request + "\r\n" + body)
        guard let text = await connection.readUntilClosed(timeout: 30), let end = text.range(of: "\r\n\r\n") else {
            throw CLI.Failure(description: "no answer to \(method) \(path)")
        }
        let lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Answer(status: status, headers: fields, body: String(text[end.upperBound...]))
    }

    /// The text after `marker` up to `end` in `text`.
    static func value(after marker: String, in text: String, upTo end: Character = "\"") -> String? {
        text.range(of: marker).map { String(text[$0.upperBound...].prefix { $0 != end }) }
    }

    /// Signs `email` in and returns a new API token of the account.
    func apiToken(email: String) async throws -> String {
        let asked = try await raw("POST", "/api/signin", headers: ["Content-Type": "application/json"], body: #"{"email": "\#(email)"}"#)
        guard asked.status == 202 else { throw CLI.Failure(description: "sign-in request answered \(asked.status)") }
        let folder = URL(fileURLWithPath: directory.path("outbox/new"))
        let deadline = ContinuousClock.now + .seconds(30)
        var link: String?
        while link == nil, ContinuousClock.now < deadline {
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            link = try await SMTPSink.parsed(files).filter { ($0["headers"] as? [String: String])?["Subject"] == "Sign in to Paperboy" }
                .compactMap { ($0["links"] as? [String])?.first { $0.contains("/signin/verify?") } }.first
            if link == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard let link else { throw CLI.Failure(description: "no sign-in mail in the outbox") }
        let page = try await raw("GET", String(link.dropFirst(url.count)))
        guard let token = Self.value(after: "name=\"token\" value=\"", in: page.body) else { throw CLI.Failure(description: "no sign-in button") }
        let signedIn = try await raw("POST", "/signin/verify", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: "token=\(token)")
        guard let cookie = signedIn.headers["set-cookie"]?.split(separator: ";").first.map(String.init) else {
            throw CLI.Failure(description: "sign-in answered \(signedIn.status) without a session")
        }
        let account = try await raw("GET", "/account", headers: ["Cookie": cookie])
        guard let csrf = Self.value(after: "name=\"csrf\" value=\"", in: account.body) else { throw CLI.Failure(description: "no CSRF token on /account") }
        let made = try await raw("POST", "/account/token", headers: ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"],
                                 body: "csrf=\(csrf)")
        guard let apiToken = Self.value(after: "<code id=\"api-token\">", in: made.body, upTo: "<") else {
            throw CLI.Failure(description: "no API token made (\(made.status))")
        }
        return apiToken
    }
}
