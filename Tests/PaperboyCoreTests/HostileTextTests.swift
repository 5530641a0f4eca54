import Foundation
@testable import PaperboyCore
import Testing

/// The hostile-input findings that live in pure logic: each failed before the escaping
/// layer worked on scalars and the limits existed.
@Suite struct HostileTextTests {
    /// A quote followed by a combining long solidus: one `Character`, equal to no quote.
    static let combinedQuote = "\"\u{338}"

    @Test func escapingSeesAQuoteInsideAGraphemeCluster() {
        #expect(Character(Self.combinedQuote) != "\"") // why a Character-based table misses it
        let escaped = XMLText.escaped("0;url=https://evil.example/\(Self.combinedQuote) http-equiv=refresh y=\(Self.combinedQuote)")
        #expect(!escaped.unicodeScalars.contains("\""))
        #expect(escaped.contains("&quot;\u{338} http-equiv=refresh"))
        for special in ["<", ">", "'", "`"] {
            #expect(!XMLText.escaped(special + "\u{20D2}").unicodeScalars.contains(Unicode.Scalar(special)!), "\(special)")
        }
        #expect(XMLText.escaped("&\u{20D2}") == "&amp;\u{20D2}")
        // Controls XML cannot carry go; text without specials comes back as it was.
        #expect(XMLText.escaped("a\u{0}b\u{1B}c\u{FFFE}d") == "abcd")
        let plain = "Plain text with ünïcödé and emoji 👩‍🔬"
        #expect(XMLText.escaped(plain) == plain)
    }

    @Test func mailHeaderWordsStayShortWhateverTheGraphemes() {
        // "a" and 500 combining marks is one Character of 1,001 bytes.
        let subject = "Topic a" + String(repeating: "\u{301}", count: 500)
        let value = MIMEEncoding.headerValue(subject)
        for line in value.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76, "\(line.utf8.count)")
        }
        // The words decode back to the subject.
        let decoded = value.components(separatedBy: "\r\n ").map { word -> [UInt8] in
            let base64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return Array(Data(base64Encoded: String(base64))!)
        }.flatMap { $0 }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
    }

    @Test func topicsRefuseLineSeparatorsControlsAndBidiOverridesAndCountScalars() {
        for bad in ["video\u{2028}Bcc: x", "video\u{2029}x", "video\u{85}x", "a\u{1B}[2J", "a\u{202E}b", "a\u{0}b"] {
            #expect(DigestTopic(bad) == nil, "\(bad.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(DigestTopic("a" + String(repeating: "\u{301}", count: 300)) == nil)
        #expect(DigestTopic("video generation") == .query("video generation"))
        #expect(DigestTopic("👩‍🔬 lab automation") != nil) // ZWJ is no control
    }

    @Test func digestSubjectsNeverCarryALineBreak() throws {
        // A topic stored before the rule existed still makes a valid header.
        let section = DigestSelection.Section(topic: .query("video\u{2028}Bcc: victim@example.org"), papers: [])
        let content = DigestEmail.digest([section], day: Day("2026-08-21")!, frequency: .daily,
                                         links: DigestEmail.Links(site: "https://p.example", manage: "m", unsubscribe: "u"))
        #expect(!content.subject.unicodeScalars.contains("\u{2028}"))
        let message = MailMessage(from: EmailAddress("a@p.example")!, to: EmailAddress("b@p.example")!, subject: content.subject,
                                  messageID: "<x@p.example>", date: Date(timeIntervalSince1970: 0), text: content.text, html: content.html)
        #expect(throws: Never.self) { try message.rendered() }
    }

    @Test func terminalOutputCarriesNoEscapeSequences() {
        let hostile = "Title\u{1B}]0;pwned\u{7}\u{1B}[2J\u{9B}31m\u{202E}txt.exe\u{7F}"
        let safe = TerminalText.safe(hostile)
        for scalar in safe.unicodeScalars {
            #expect(!TerminalText.isUnsafe(scalar))
        }
        #expect(safe.hasPrefix("Title\u{FFFD}]0;pwned"))
        #expect(TerminalText.safe("tab\tand\nnewline stay") == "tab\tand\nnewline stay")
    }

    @Test func importedTextLosesControlsButNeverItsTail() throws {
        var draft = PaperDraft()
        draft.id = "2401.00001"
        draft.title = "Before\u{0}after \u{1B}[31mred\u{9B} and \u{7F}end"
        draft.abstract = "Abstract\u{0} continues past the NUL."
        let paper = try draft.validated()
        #expect(paper.title == "Beforeafter [31mred and end")
        #expect(paper.abstract == "Abstract continues past the NUL.")
    }

    @Test func oversizedFieldsRefuseTheRecordAndCategoriesAreWords() throws {
        func draft(_ edit: (inout PaperDraft) -> Void) -> PaperDraft {
            var d = PaperDraft()
            d.id = "2401.00001"
            d.title = "A title"
            edit(&d)
            return d
        }
        let cases: [(String, PaperDraft)] = [
            ("abstract", draft { $0.abstract = String(repeating: "word ", count: 14_000) }),
            ("title", draft { $0.title = String(repeating: "t", count: 1_025) }),
            ("authors", draft { $0.authors = Array(repeating: "A. Author", count: 2_001) }),
            ("author name", draft { $0.authors = [String(repeating: "n", count: 2_000)] }),
            ("comments", draft { $0.comments = String(repeating: "c", count: 9_000) }),
        ]
        for (field, bad) in cases {
            #expect(throws: RecordIssue.Reason.self, "\(field)") { try bad.validated() }
            do { _ = try bad.validated() } catch {
                if case .tooLarge = error {} else { Issue.record("\(field): \(error)") }
            }
        }
        // At the limits, a record is fine.
        #expect(throws: Never.self) { try draft { $0.abstract = String(repeating: "a", count: PaperDraft.Limits.abstract) }.validated() }
        let paper = try draft { $0.categories = ["cs.CV <script>", "hep-th", "68T45, 62H30", "cs.AI\"onload=x"] }.validated()
        #expect(paper.categories == ["cs.CV", "hep-th", "68T45", "62H30"])
    }

    @Test func anOverlongLineStreamsPastAndTheLinesAroundItStay() throws {
        let dir = try TemporaryDirectory()
        let good = #"{"id": "2401.00001", "title": "Good one"}"#
        let huge = #"{"id": "2401.00002", "title": ""# + String(repeating: "x", count: 300_000) + #""}"#
        let path = try dir.write("mixed.jsonl", good + "\n" + huge + "\n" + good.replacingOccurrences(of: "00001", with: "00003") + "\n")
        var lines = LineReader(file: try InputFile(path: path), chunkSize: 4_096, maxLineLength: 100_000)
        #expect(try lines.nextLine().map { Array($0) } == Array(good.utf8))
        #expect(try lines.nextLine()?.isEmpty == true)
        #expect(lines.oversizedLength == huge.utf8.count)
        #expect(try lines.nextLine().map { String(decoding: $0, as: UTF8.self) }?.contains("00003") == true)
        #expect(lines.oversizedLength == nil)
        #expect(try lines.nextLine() == nil)
        #expect(lines.lineNumber == 3)
    }

    @Test func anOversizedXMLTextRefusesItsRecordOnly() throws {
        let dir = try TemporaryDirectory()
        let entry = { (id: String, title: String) in
            "<entry><id>http://arxiv.org/abs/\(id)v1</id><title>\(title)</title><summary>S</summary><published>2024-01-02T00:00:00Z</published></entry>"
        }
        let xml = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">" + entry("2401.00001", "First")
            + entry("2401.00002", String(repeating: "y", count: XMLPullParser.maxTextLength + 10)) + entry("2401.00003", "Third") + "</feed>"
        let path = try dir.write("feed.xml", xml)
        let records = try Fixtures.records(atPath: path, format: .atom)
        #expect(records.count == 3)
        let ids = records.compactMap { if case .paper(let p, _) = $0 { p.id.rawValue } else { nil } }
        #expect(ids == ["2401.00001", "2401.00003"])
        let issues = records.compactMap { if case .invalid(let i) = $0 { i } else { nil } }
        #expect(issues.count == 1)
        if case .tooLarge = issues.first?.reason {} else { Issue.record("\(issues)") }
    }

    @Test func addressesNetworksAndForwardedClients() throws {
        #expect(IPAddress("192.0.2.7")?.description == "192.0.2.7")
        #expect(IPAddress("::ffff:192.0.2.7") == IPAddress("192.0.2.7"))
        #expect(IPAddress("2001:db8::1")?.clientNetwork == "2001:db8:0:0:0:0:0:0/64")
        #expect(IPAddress("2001:db8::1:2:3:4")?.clientNetwork == IPAddress("2001:db8::ffff:1")?.clientNetwork)
        #expect(IPAddress("not an address") == nil)
        #expect(IPAddress("1.2.3.4\u{0}") == nil)
        let proxies = [IPNetwork("10.0.0.0/8")!, IPNetwork("fd00::/8")!]
        #expect(proxies[0].contains(IPAddress("10.9.8.7")!))
        #expect(!proxies[0].contains(IPAddress("11.0.0.1")!))
        #expect(IPNetwork("10.0.0.0/33") == nil)
        // Believed from a trusted proxy, read from the right past trusted hops.
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "198.51.100.9, 10.0.0.5", trusted: proxies)?.description == "198.51.100.9")
        // A client cannot pick its address: the spoofed left entry is not read.
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "1.1.1.1, 203.0.113.4", trusted: proxies)?.description == "203.0.113.4")
        // Not from a trusted proxy: the header is ignored.
        #expect(ClientAddress.resolve(peer: "203.0.113.4", forwardedFor: "1.1.1.1", trusted: proxies)?.description == "203.0.113.4")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "garbage", trusted: proxies)?.description == "10.0.0.2")
    }

    @Test func canonicalAddressesFoldCaseAndTags() {
        let forms = ["Flood@Example.org", "FLOOD@example.org", "flood+1@example.org", "flood+news@EXAMPLE.ORG"]
        #expect(Set(forms.map { EmailAddress($0)!.canonical }) == ["flood@example.org"])
        #expect(EmailAddress("+only@example.org")!.canonical == "+only@example.org")
    }

    @Test func confirmTokensNameTheirRoundAndManageTokensExpire() {
        let tokens = SubscriptionTokens(signer: TokenSigner(secret: String(repeating: "s", count: 40)))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let confirm = tokens.token(.confirm, subscription: 7, round: 2, now: now)
        #expect(tokens.claim(confirm, .confirm, now: now) == .init(subscription: 7, round: 2))
        #expect(tokens.claim(confirm, .confirm, now: now.addingTimeInterval(8 * 86_400)) == nil)
        #expect(tokens.claim(confirm, .manage, now: now) == nil)
        let manage = tokens.token(.manage, subscription: 7, now: now)
        #expect(tokens.subscription(manage, .manage, now: now.addingTimeInterval(89 * 86_400)) == 7)
        #expect(tokens.subscription(manage, .manage, now: now.addingTimeInterval(91 * 86_400)) == nil)
        // Tokens of the old form (expiry 0) still unsubscribe, and do nothing else.
        let signer = TokenSigner(secret: String(repeating: "s", count: 40))
        #expect(tokens.subscription(signer.sign("7-0", purpose: SubscriptionTokens.Purpose.unsubscribe.rawValue), .unsubscribe, now: now) == 7)
        #expect(tokens.subscription(signer.sign("7-0", purpose: SubscriptionTokens.Purpose.manage.rawValue), .manage, now: now) == nil)
    }
}
