import Testing
@testable import PaperboyCore

@Suite struct XMLPullParserTests {
    func events(_ xml: String, chunkSize: Int? = nil) throws -> [XMLPullParser.Event] {
        var parser = XMLPullParser(ByteStream(bytes: Array(xml.utf8)))
        var all: [XMLPullParser.Event] = []
        while let event = try parser.next() { all.append(event) }
        return all
    }

    func failure(_ xml: String) -> XMLPullParser.Failure? {
        var parser = XMLPullParser(ByteStream(bytes: Array(xml.utf8)))
        do {
            while try parser.next() != nil {}
            return nil
        } catch {
            return error
        }
    }

    @Test func readsTagsAttributesTextAndReferences() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE feed [ <!ENTITY x "y"> ]>
            <!-- a comment with <tags> -->
            <a:feed xmlns:a="urn:x" k='single' q="&quot;double&quot;">
            <title>Fish &amp; Chips &lt;3 &#233;t&#xE9; &unknown; & alone</title>
            <empty/><code><![CDATA[<b>bold</b> & raw]]></code>
            </a:feed>
            """
        let all = try events(xml).filter { if case .text(let t) = $0 { !t.allSatisfy(\.isWhitespace) } else { true } }
        #expect(all == [
            .start(name: "feed", attributes: ["xmlns:a": "urn:x", "k": "single", "q": "\"double\""]),
            .start(name: "title", attributes: [:]),
            .text("Fish & Chips <3 été &unknown; & alone"),
            .end(name: "title"),
            .start(name: "empty", attributes: [:]),
            .end(name: "empty"),
            .start(name: "code", attributes: [:]),
            .text("<b>bold</b> & raw"),
            .end(name: "code"),
            .end(name: "feed"),
        ])
    }

    @Test func reportsBrokenDocumentsWithTheirLine() {
        #expect(failure("<a>\n<b>\n</a>") == .syntax(line: 3, message: "end tag </a> where </b> was expected"))
        #expect(failure("<a>\n<b>text") == .syntax(line: 2, message: "the document ends before </b>"))
        #expect(failure("<a x=1></a>") == .syntax(line: 1, message: "attribute x of <a> is not quoted"))
        #expect(failure("<a></a><b></b>") == .syntax(line: 1, message: "a second root element"))
        #expect(failure("hello <a></a>") == .syntax(line: 1, message: "text outside the root element"))
        #expect(failure("</a>") == .syntax(line: 1, message: "end tag </a> with no open element"))
        #expect(failure("<a><!-- never closed") == .syntax(line: 1, message: "the document ends inside a declaration"))
        #expect(failure("<a></a>") == nil)
    }

    @Test func readsRecordsOneAtATimeFromAFile() throws {
        // Chunks far smaller than a record: a record is assembled across many reads.
        let dir = try TemporaryDirectory()
        let records = (1...300).map { "<record><id>\($0)</id><title>Paper \($0) &amp; more</title></record>" }
        let path = try dir.write("big.xml", "<OAI-PMH><ListRecords>" + records.joined(separator: "\n") + "</ListRecords></OAI-PMH>")
        var stream = XMLRecordStream(ByteStream(file: try InputFile(path: path), chunkSize: 16), recordNames: ["record"])
        var ids: [String] = []
        while let record = try stream.next() {
            ids.append(record.value("id") ?? "")
            #expect(record.value("title") == "Paper \(ids.count) & more")
        }
        #expect(ids == (1...300).map(String.init))
        #expect(stream.rootName == "OAI-PMH")
    }
}
