import Foundation

/// One email: a multipart/alternative message with a plain-text and an HTML part, both
/// UTF-8 and quoted-printable. `rendered()` refuses any header value holding a CR or LF,
/// so no user-supplied text can add a header.
public struct MailMessage: Sendable {
    public var from: EmailAddress
    public var fromName: String
    public var to: EmailAddress
    public var subject: String
    public var messageID: String
    public var date: Date
    public var text: String
    public var html: String
    /// Further headers, in order (List-Unsubscribe and the like).
    public var headers: [(name: String, value: String)]

    public init(from: EmailAddress, fromName: String = "Paperboy", to: EmailAddress, subject: String, messageID: String,
                date: Date, text: String, html: String, headers: [(name: String, value: String)] = []) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.messageID = messageID
        self.date = date
        self.text = text
        self.html = html
        self.headers = headers
    }

    public struct HeaderInjection: Error, CustomStringConvertible {
        public var header: String
        public var description: String { "the \(header) header contains a line break" }
    }

    /// A new Message-ID in the sender's domain: `<random@domain>`.
    public static func newMessageID(domain: String) -> String {
        let random = (0..<16).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
        return "<\(random).\(Int(Date().timeIntervalSince1970))@\(domain)>"
    }

    /// The message as sent: headers, then the two parts, every line ending in CRLF.
    public func rendered() throws -> Data {
        let boundary = "=_paperboy_" + (0..<12).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
        var lines: [String] = []
        func header(_ name: String, _ value: String) throws {
            guard !MailMessage.hasLineBreak(value) else { throw HeaderInjection(header: name) }
            lines.append("\(name): \(value)")
        }
        // The display name is checked before encoding: encoded words of a long name are
        // folded onto continuation lines, which are line breaks of our own making.
        let name = try checked("From", fromName)
        let printable = name.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 && $0.value != 127 }
        lines.append("From: " + (printable ? try quotedName(name) : MIMEEncoding.headerValue(name)) + " <\(from)>")
        try header("To", "<\(to)>")
        lines.append("Subject: " + MIMEEncoding.headerValue(try checked("Subject", subject)))
        try header("Date", MIMEEncoding.date(date))
        try header("Message-ID", messageID)
        try header("MIME-Version", "1.0")
        for (name, value) in headers { try header(name, value) }
        lines.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
        lines.append("")
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines.append("--\(boundary)")
            lines.append("Content-Type: \(type); charset=UTF-8")
            lines.append("Content-Transfer-Encoding: quoted-printable")
            lines.append("")
            lines.append(MIMEEncoding.quotedPrintable(body))
        }
        lines.append("--\(boundary)--")
        lines.append("")
        return Data(lines.joined(separator: "\r\n").utf8)
    }

    private func checked(_ name: String, _ value: String) throws -> String {
        guard !MailMessage.hasLineBreak(value) else { throw HeaderInjection(header: name) }
        return value
    }

    /// Looks at scalars: in Swift "\r\n" is one Character, equal to neither "\r" nor "\n".
    static func hasLineBreak(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }
    }

    /// A display name as a quoted string when it holds specials.
    private func quotedName(_ name: String) throws -> String {
        let clean = try checked("From", name)
        guard clean.contains(where: { "()<>[]:;@\\,.\"".contains($0) }) else { return clean }
        return "\"" + clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
