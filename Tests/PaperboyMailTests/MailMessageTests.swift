import Foundation
import PaperboyCore
import PaperboyTestSupport
import Testing

@Suite struct MailMessageTests {
    static func message(subject: String = "Grüße: 3 new papers — “diffusion” ✓", text: String = "Hello\n.leading dot\n" + String(repeating: "long line é ", count: 20),
                        headers: [(name: String, value: String)] = [("List-Unsubscribe", "<https://papers.example.org/unsubscribe?token=a.b>")]) -> MailMessage {
        MailMessage(from: EmailAddress("paperboy@papers.example.org")!, fromName: "Paperboy, the digest", to: EmailAddress("Reader@Example.ORG")!,
                    subject: subject, messageID: MailMessage.newMessageID(domain: "papers.example.org"),
                    date: Date(timeIntervalSince1970: 1_796_000_000), text: text,
                    html: "<p>Hello <b>reader</b> — ünïcode</p>", headers: headers)
    }

    @Test func aRealMailParserReadsBothPartsAndEveryHeader() throws {
        let dir = try TemporaryDirectory()
        let message = Self.message()
        let path = URL(fileURLWithPath: dir.path("m.eml"))
        try message.rendered().write(to: path)
        let parsed = try #require(try SMTPSink.parse([path]).first, "python3 cannot parse mail")
        let headers = try #require(parsed["headers"] as? [String: String])
        #expect(headers["Subject"] == message.subject)
        #expect(headers["From"] == "\"Paperboy, the digest\" <paperboy@papers.example.org>")
        #expect(headers["To"] == "Reader@example.org")
        #expect(headers["Message-ID"] == message.messageID)
        #expect(headers["MIME-Version"] == "1.0")
        #expect(headers["Date"]?.hasSuffix("+0000") == true)
        #expect(headers["List-Unsubscribe"] == "<https://papers.example.org/unsubscribe?token=a.b>")
        #expect(parsed["content_type"] as? String == "multipart/alternative")
        #expect(parsed["parts"] as? [String] == ["text/plain", "text/html"])
        #expect((parsed["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == message.text)
        #expect((parsed["html"] as? String)?.contains("ünïcode") == true)
        #expect(parsed["defects"] as? [String] == [])
        #expect(parsed["crlf_only"] as? Bool == true)
        #expect((parsed["max_line"] as? Int ?? 999) <= 78)
    }

    @Test func lineBreaksInHeaderValuesAreRefused() {
        #expect(throws: MailMessage.HeaderInjection.self) { try Self.message(subject: "Hi\r\nBcc: victim@example.org").rendered() }
        #expect(throws: MailMessage.HeaderInjection.self) { try Self.message(subject: "Hi\nBcc: x@example.org").rendered() }
        #expect(throws: MailMessage.HeaderInjection.self) {
            try Self.message(headers: [("List-Unsubscribe", "<https://x.example>\r\nBcc: y@example.org")]).rendered()
        }
    }

    @Test func addressesAreValidatedAtTheEdge() {
        #expect(EmailAddress("reader@example.org")?.value == "reader@example.org")
        #expect(EmailAddress("First.Last+tag@Sub.Example.ORG")?.value == "First.Last+tag@sub.example.org")
        for bad in ["", "reader", "reader@", "@example.org", "a@b@example.org", "reader@example.org\r\nBcc: x@example.org",
                    "reader @example.org", "<reader@example.org>", "reader@example..org", "reader@-example.org", "a,b@example.org",
                    String(repeating: "a", count: 65) + "@example.org"] {
            #expect(EmailAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func encodedWordsNeverSplitACharacterAndStayShort() {
        let subject = String(repeating: "ü€😀", count: 30)
        let encoded = MIMEEncoding.headerValue(subject)
        for word in encoded.components(separatedBy: "\r\n ") {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = String(word.dropFirst(10).dropLast(2))
            #expect(String(data: Data(base64Encoded: payload)!, encoding: .utf8) != nil)
        }
        #expect(MIMEEncoding.headerValue("plain ascii") == "plain ascii")
    }
}
