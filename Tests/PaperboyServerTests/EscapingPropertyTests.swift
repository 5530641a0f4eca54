import Foundation
@testable import PaperboyCore
import PaperboyMail
@testable import PaperboyServer
import PaperboyTestSupport
import Testing

/// The escaping property: whatever text arrives (seeded hostile text, `HostileText.cases`
/// inputs per output), every output carries it as text, never as markup, attributes or
/// operators. Pages are parsed with html5lib, the feed with expat, the API with
/// JSONSerialization, emails with Python's email package; FTS5 runs the queries for real.
/// A failure names the seed; PAPERBOY_PROPERTY_SEED replays it.
@Suite(.serialized) struct EscapingPropertyTests {
    static let parsers = TestTools.html5lib

    static func inputs(_ salt: UInt64) -> [String] {
        var generator = HostileText(seed: HostileText.seed &+ salt)
        return (0..<HostileText.cases).map { _ in generator.text() }
    }

    static func paper(_ n: Int, _ text: String) -> Paper {
        Paper(id: PaperID.parse(String(format: "2601.%05d", n % 100_000))!.id, title: text, abstract: text + " abstract",
              authors: [text, "B. Author"], categories: [text], published: Day("2026-01-02"), version: 2, doi: text,
              journalRef: text, comments: text, codeRepository: "https://github.com/x/" + text, codeStars: 5,
              projectPage: "https://p.example/" + text, aiSummary: text, aiKeywords: [text, "plain"], discussionComments: 2,
              thumbnail: "https://cdn-thumbnails.huggingface.co/t.png", submittedBy: text, upvotes: 3, sources: ["test"])
    }

    /// Each input in every field of a card (a fragment), and of one page template in turn.
    static func renderings(_ templates: Templates, _ text: String, _ n: Int) -> [[String: Any]] {
        func pair(_ render: (String) -> String, fragment: Bool, expect: [[Any]]) -> [String: Any] {
            ["html": render(text), "baseline": render("a"), "fragment": fragment, "expect": expect]
        }
        let card = pair({ templates.render(.card, PaperCard(paper(n, $0), voted: false, returnTo: "/")) }, fragment: true,
                        expect: [["a", ["href": "/papers/2601.\(String(format: "%05d", n % 100_000))"], "#text", text, "equals"],
                                 ["p", ["class": "preview"], "#text", PaperCard.preview(of: text + " abstract"), "equals"],
                                 ["a", ["class": "badge code"], "href", "https://github.com/x/" + text, "equals"],
                                 ["p", ["class": "summary"], "#text", "Hugging Face summary: " + text, "equals"]])
        let hours = Site.HourOption.all(selected: 7)
        let page: [String: Any] = switch n % 6 {
        case 0: pair({ t in
            let p = paper(n, t)
            return templates.render(.paper, Site.PaperView(paper: PaperDetail(p, voted: false),
                                                             library: LibraryButtons(p.id, marks: .none), collections: [t],
                                                             similar: [PaperCard(p, voted: false, returnTo: "/", preview: false)], hasSimilar: true))
        }, fragment: false, expect: [["h1", [:], "#text", text, "equals"],
                                     ["meta", ["name": "description"], "content", PaperCard.preview(of: text + " abstract", limit: 200), "equals"],
                                     ["title", [:], "#text", text + " · Paperboy", "equals"]])
        case 1: pair({ t in
            templates.render(.search, Site.SearchView(q: t, category: t, since: t, until: t, problem: t,
                                                       modes: Site.MenuOption.all(selected: nil),
                                                       sorts: Site.MenuOption.sorts(selected: nil), searched: true, summary: t,
                                                       feedHref: "/feeds/search.atom" + Link.query(["q": t]),
                                                       cards: [PaperCard(paper(n, t), voted: true, returnTo: Link.search(["q": t]))],
                                                       start: 1, pager: nil))
        }, fragment: false, expect: [["input", ["id": "q"], "value", text, "equals"], ["input", ["id": "site-q"], "value", text, "equals"],
                                     ["input", ["id": "category"], "value", text, "equals"],
                                     ["p", ["class": "problem"], "#text", text, "equals"]])
        case 2: pair({ t in
            templates.render(.subscribe, Site.SubscribeView(q: t, email: t, topics: t, daily: true, hours: hours, timezone: t, onlyWithCode: true, error: t))
        }, fragment: false, expect: [["input", ["id": "timezone"], "value", text, "equals"], ["textarea", [:], "#text", text, "equals"]])
        case 3: pair({ t in
            templates.render(.manage, Site.ManageView(token: t, email: t, topics: t, daily: false, hours: hours, timezone: t,
                                                        onlyWithCode: true, status: t, paused: true, error: t))
        }, fragment: false, expect: [["textarea", ["id": "topics"], "#text", text, "equals"], ["strong", [:], "#text", text, "equals"]])
        case 4: pair({ t in
            templates.render(.message, Site.MessageView(q: t, title: t, text: t, link: "/?" + t, linkLabel: t))
        }, fragment: false, expect: [["h1", [:], "#text", text, "equals"], ["input", ["id": "site-q"], "value", text, "equals"]])
        default: pair({ t in templates.render(.error, ["q": t, "heading": t, "message": t]) }, fragment: false,
                      expect: [["h1", [:], "#text", text, "equals"]])
        }
        return [card, page]
    }

    @Test(.enabled(if: parsers)) func everyTemplateShowsHostileTextAsText() async throws {
        let site = try await TestSite.make()
        let templates = site.site.templates
        let inputs = Self.inputs(1)
        let requests = inputs.enumerated().flatMap { Self.renderings(templates, $1, $0) }
        let results = try await PythonTool.run("html_property.py", requests, in: site.directory)
        #expect(results.count == requests.count)
        let failures = results.enumerated().filter { $0.element["ok"] as? Bool != true }
        for (index, failure) in failures.prefix(5) {
            Issue.record("seed \(HostileText.seed), input \(index / 2) \(inputs[index / 2].unicodeScalars.map { String($0.value, radix: 16) }): \(failure["problem"] ?? "")")
        }
        #expect(failures.isEmpty, "\(failures.count) of \(requests.count) renderings")
    }

    @Test(.enabled(if: parsers)) func theFeedCarriesHostileTextAsText() async throws {
        let dir = try TemporaryDirectory()
        let inputs = Self.inputs(2)
        var requests: [[String: Any]] = []
        for start in stride(from: 0, to: inputs.count, by: 100) {
            let papers = inputs[start..<min(start + 100, inputs.count)].enumerated().map { Self.paper(start + $0, $1) }
            let feed = AtomFeed(id: "https://p.example/feeds/search.atom", title: inputs[start], subtitle: inputs[start],
                                selfURL: "https://p.example/feeds/search.atom?q=" + Link.encode(inputs[start]),
                                alternateURL: "https://p.example/search", baseURL: "https://p.example", updated: Day("2026-01-02")!, papers: papers)
            requests.append(["xml": feed.xml(), "entries": papers.map { ["title": $0.title, "authors": $0.authors, "categories": $0.categories + $0.aiKeywords,
                                                                         "summary": $0.abstract ?? ""] }])
        }
        let results = try await PythonTool.run("xml_property.py", requests, in: dir)
        #expect(results.count == requests.count)
        for (index, result) in results.enumerated() where result["ok"] as? Bool != true {
            Issue.record("seed \(HostileText.seed), feed \(index): \(result["problem"] ?? "")")
        }
    }

    @Test func theAPICarriesHostileTextExactly() throws {
        for (n, text) in Self.inputs(3).enumerated() {
            let data = try JSONOutput.encode(PaperJSON(Self.paper(n, text)), pretty: n % 2 == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            guard object["title"] as? String == text, object["authors"] as? [String] == [text, "B. Author"],
                  object["comments"] as? String == text else {
                Issue.record("seed \(HostileText.seed), input \(n): the JSON does not carry the text exactly")
                return
            }
        }
    }

    @Test(.enabled(if: parsers)) func emailsCarryHostileTextWithoutNewHeaders() throws {
        let dir = try TemporaryDirectory()
        let inputs = Self.inputs(4)
        let links = DigestEmail.Links(site: "https://p.example", manage: "https://p.example/m?token=t", unsubscribe: "https://p.example/u?token=t")
        var files: [String] = []
        var titles: [[String]] = []
        for start in stride(from: 0, to: inputs.count, by: 10) {
            let group = Array(inputs[start..<min(start + 10, inputs.count)])
            let papers = group.dropFirst().enumerated().map { Self.paper(start + $0, $1) }
            let content = DigestEmail.digest([DigestSelection.Section(topic: .query(group[0]), papers: papers)], day: Day("2026-01-02")!,
                                             frequency: .daily, links: links)
            let message = MailMessage(from: EmailAddress("paperboy@p.example")!, fromName: group[0], to: EmailAddress("r@p.example")!,
                                      subject: content.subject, messageID: "<\(start)@p.example>", date: Date(timeIntervalSince1970: 1_800_000_000),
                                      text: content.text, html: content.html,
                                      headers: [("List-Unsubscribe", "<https://p.example/u?token=t>")])
            let rendered: Data
            do { rendered = try message.rendered() } catch {
                // Only a display name with a line break may be refused; digests never are.
                #expect(MailMessage.hasLineBreak(group[0]), "seed \(HostileText.seed), input \(start): \(error)")
                continue
            }
            let path = dir.path("\(start).eml")
            try rendered.write(to: URL(fileURLWithPath: path))
            files.append(path)
            titles.append(papers.map(\.title))
        }
        var parsed: [[String: Any]] = []
        for batch in stride(from: 0, to: files.count, by: 200) {
            parsed += try SMTPSink.parse(Array(files[batch..<min(batch + 200, files.count)]).map { URL(fileURLWithPath: $0) })
        }
        #expect(parsed.count == files.count)
        let expectedHeaders: Set<String> = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "List-Unsubscribe", "Content-Type"]
        func flat(_ text: String) -> String { String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })) }
        for (index, mail) in parsed.enumerated() {
            let headers = mail["headers"] as? [String: String] ?? [:]
            let text = flat(mail["text"] as? String ?? "")
            guard (mail["defects"] as? [String])?.isEmpty == true, Set(headers.keys) == expectedHeaders,
                  headers["To"] == "r@p.example", titles[index].allSatisfy({ text.contains(flat($0)) }) else {
                Issue.record("seed \(HostileText.seed), message \(index): defects \(mail["defects"] ?? ""), headers \(headers.keys.sorted())")
                return
            }
        }
    }

    @Test func userTextNeverBecomesFTS5SyntaxAndNeverErrors() async throws {
        let site = try await TestSite.make()
        let store = site.store
        for (n, text) in Self.inputs(5).enumerated() {
            // A word no paper has, AND the hostile text in one field: nothing may match,
            // whatever operators the text spells.
            var query = SearchQuery()
            let field: SearchQuery.Field = [.any, .title, .abstract, .authors][n % 4]
            query.required = [[SearchQuery.Term("zzqqxjv")], [SearchQuery.Term(text, field: field, isPrefix: n % 3 == 0)]]
            query.excluded = [SearchQuery.Term(text)]
            if n % 5 == 0 { query.categories = [text] }
            do {
                let results = try await store.search(SearchRequest(query: query, limit: 5))
                if results.total != 0 { Issue.record("seed \(HostileText.seed), input \(n): \(results.total) matches"); return }
                // The parser's reading of the same text, as a reader would type it, runs too.
                _ = try await store.search(SearchRequest(query: SearchQuery.parse(text), limit: 5))
                _ = try await store.papersAppeared(in: Day("2026-08-01")!...Day("2026-08-31")!, matching: SearchQuery.parse(text), limit: 5)
            } catch {
                Issue.record("seed \(HostileText.seed), input \(n) \(text.unicodeScalars.map { String($0.value, radix: 16) }): \(error)")
                return
            }
        }
    }

    @Test func terminalOutputNeverCarriesControls() {
        for text in Self.inputs(6) {
            let safe = TerminalText.safe(text)
            #expect(!safe.unicodeScalars.contains(where: TerminalText.isUnsafe))
            if !text.unicodeScalars.contains(where: TerminalText.isUnsafe) { #expect(safe == text) }
        }
    }
}
