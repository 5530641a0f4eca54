import Foundation
import GRDB
import PaperboyCore
import PaperboySQLite

/// The fuzz targets: one function per parser or escape, each fed arbitrary bytes. A target
/// returns normally or stops the process (`precondition`): a crash, a hang or a broken
/// property is a finding. The libFuzzer binary (`paperboy-fuzz`, built with
/// `scripts/fuzz.sh`) and the regression tests (every finding kept under
/// Tests/PaperboyCoreTests/Fixtures/fuzz/TARGET) run the same functions.
public enum FuzzTargets {
    public static let names = ["xml", "json", "abs", "query", "escape"]

    public static func run(_ name: String, _ bytes: [UInt8]) {
        switch name {
        case "xml": xml(bytes)
        case "json": json(bytes)
        case "abs": abs(bytes)
        case "query": query(bytes)
        case "escape": escape(bytes)
        default: preconditionFailure("no fuzz target \(name) (\(names.joined(separator: ", ")))")
        }
    }

    /// Every paper a parser yields obeys the import rules: sizes within the limits, no
    /// control characters, categories that are single words.
    static func checkRecords(_ records: [ParsedRecord]) {
        for case .paper(let paper, _) in records {
            precondition(!paper.title.isEmpty && paper.title.utf8.count <= PaperDraft.Limits.title)
            precondition((paper.abstract?.utf8.count ?? 0) <= PaperDraft.Limits.abstract)
            precondition(paper.authors.count <= PaperDraft.Limits.authors)
            for text in [paper.title, paper.abstract ?? "", paper.comments ?? "", paper.journalRef ?? "", paper.doi ?? ""] + paper.authors {
                precondition(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "a control character was stored")
            }
            for category in paper.categories {
                precondition(!category.isEmpty && category.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "<") })
            }
        }
    }

    /// Atom and OAI-PMH documents (the first byte picks which reader).
    static func xml(_ bytes: [UInt8]) {
        let body = Array(bytes.dropFirst())
        checkRecords((bytes.first ?? 0) % 2 == 0 ? ArxivAtomParser.parse(body, source: "fuzz") : OAIPMHParser.parse(body, source: "fuzz"))
    }

    /// Hugging Face JSON, and JSON Lines and Kaggle lines through the import's own reader.
    static func json(_ bytes: [UInt8]) {
        let body = Array(bytes.dropFirst())
        switch (bytes.first ?? 0) % 3 {
        case 0: checkRecords(HFDailyPapersParser.parse(body, source: "fuzz"))
        default:
            let path = scratch.appendingPathComponent("records.jsonl").path
            FileManager.default.createFile(atPath: path, contents: Data(body))
            guard var (reader, _) = try? RecordReaders.open(path: path, format: (bytes.first ?? 0) % 3 == 1 ? .jsonl : .kaggle) else { return }
            var records: [ParsedRecord] = []
            while let record = try? reader.next() { records.append(record) }
            checkRecords(records)
        }
    }

    static func abs(_ bytes: [UInt8]) { checkRecords(AbsFileParser.parse(bytes, source: "fuzz")) }

    /// User text never becomes FTS5 syntax and never makes FTS5 fail: ANDed with a word
    /// no paper has, the text as one term matches nothing, whatever operators it spells;
    /// parsed as a reader's query, it runs without an error.
    static func query(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let field: SearchQuery.Field = [.any, .title, .abstract, .authors][Int(bytes.first ?? 0) % 4]
        var injected = SearchQuery()
        injected.required = [[SearchQuery.Term("zzqqxjv")], [SearchQuery.Term(text, field: field, isPrefix: bytes.count % 2 == 0)]]
        injected.excluded = [SearchQuery.Term(text)]
        injected.categories = bytes.count % 3 == 0 ? [text] : []
        let parsed = SearchQuery.parse(text)
        for (query, mustBeEmpty) in [(injected, true), (parsed, false)] {
            guard let expression = FTS5Query.expression(for: query) else { continue }
            do {
                let count = try index.read { db in
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?", arguments: [expression]) ?? 0
                }
                precondition(!mustBeEmpty || count == 0, "user text acted as an FTS5 operator: \(expression)")
            } catch {
                preconditionFailure("FTS5 refused \(expression): \(error)")
            }
        }
    }

    /// The escapes: XML/HTML output holds no raw markup character and unescapes to the input
    /// less the characters XML cannot carry; terminal output holds no control; mail header
    /// values stay within 78-byte lines and never hold a line break of their own.
    static func escape(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let escaped = XMLText.escaped(text)
        precondition(!escaped.utf8.contains { [0x3C, 0x3E, 0x22, 0x27, 0x60].contains($0) })
        let unescaped = unescape(escaped)
        let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter {
            !($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") && $0.value != 0xFFFE && $0.value != 0xFFFF
        }))
        precondition(Array(unescaped.utf8) == Array(kept.utf8), "escaping lost or changed text")
        precondition(!TerminalText.safe(text).unicodeScalars.contains(where: TerminalText.isUnsafe))
        let header = MIMEEncoding.headerValue(text)
        for line in header.components(separatedBy: "\r\n ") {
            precondition(!line.utf8.contains(0x0D) && !line.utf8.contains(0x0A) || header == text, "a header value broke its line")
            if header != text { precondition(line.utf8.count <= 76, "an encoded word over 76 bytes") }
        }
    }

    /// The entities `XMLText` writes, undone on bytes (`replacingOccurrences` works on
    /// Characters and would miss `&amp;` followed by a combining mark: the fuzzer's first
    /// finding was exactly that, in this check).
    static func unescape(_ text: String) -> String {
        let entities: [(String, UInt8)] = [("&lt;", 0x3C), ("&gt;", 0x3E), ("&quot;", 0x22), ("&#39;", 0x27), ("&#96;", 0x60), ("&amp;", 0x26)]
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        outer: while i < bytes.count {
            if bytes[i] == 0x26 {
                for (entity, byte) in entities where bytes[i...].starts(with: entity.utf8) {
                    out.append(byte)
                    i += entity.utf8.count
                    continue outer
                }
                preconditionFailure("a raw & in escaped text")
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A scratch directory and an FTS5 index built like the store's, with real papers.
    static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // Gone when the process (the fuzzer's or the tests') exits.
        atexit { try? FileManager.default.removeItem(at: FuzzTargets.scratch) }
        return url
    }()

    static let index: DatabaseQueue = {
        let path = scratch.appendingPathComponent("index.sqlite").path
        try? FileManager.default.removeItem(atPath: path)
        let queue = try! DatabaseQueue(path: path)
        try! queue.write { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE papers_fts USING fts5(title, abstract, authors, categories, tokenize='porter unicode61 remove_diacritics 2');
                INSERT INTO papers_fts VALUES ('Learning video diffusion', 'We learn to generate video with diffusion models.', 'Ada Lovelace', 'cs.CV cs.LG');
                INSERT INTO papers_fts VALUES ('Agents that plan', 'Graph agents plan over learning signals.', 'Alan Turing', 'cs.AI');
                INSERT INTO papers_fts VALUES ('Near or far: NOT a phrase', 'and OR not NEAR title abstract', 'Grace Hopper', 'cs.CL');
                """)
        }
        return queue
    }()
}
