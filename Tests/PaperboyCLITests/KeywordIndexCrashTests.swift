import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PaperboyCore
import PaperboySQLite
import Testing

/// A real `paperboy serve` killed with SIGKILL while its keyword index takes in another
/// process's import: restarted, it loads its last snapshot, catches up, and answers every
/// query as the store's own search (FTS5) and a fresh build do.
@Suite struct KeywordIndexCrashTests {
    /// JSON Lines of the real sample's records with fresh ids `first...last`.
    func makeInput(_ first: Int, _ last: Int, in dir: TemporaryDirectory, name: String) throws -> String {
        let template = try String(contentsOfFile: CLI.fixture("papers-sample.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        var out = Data()
        for i in first...last {
            var record = template[i % template.count]
            record["id"] = String(format: "2401.%05d", i)
            // Some titles of their own, so new papers change the term statistics.
            record["title"] = "\(record["title"] as! String) \(["zebra", "okapi", "quokka"][i % 3]) \(i)"
            out.append(try JSONSerialization.data(withJSONObject: record))
            out.append(0x0A)
        }
        let path = dir.path(name)
        try out.write(to: URL(fileURLWithPath: path))
        return path
    }

    func serve(_ db: String, _ dir: TemporaryDirectory) throws -> ChildProcess {
        try ChildProcess(["serve", "--db", db, "--port", "0", "--log-level", "debug"], executable: CLI.executable,
                         environment: CLI.baseEnvironment.merging(["PAPERBOY_OUTBOX": dir.path("outbox"), "PAPERBOY_FETCH_SOURCES": "none",
                                                                   "PAPERBOY_MODEL_DIR": dir.path("no-model")]) { $1 },
                         stdout: .capture, stderr: .capture)
    }

    static let queries = ["zebra", "okapi quokka", "learning", "neural networks", "zebra OR okapi", "quokka -zebra",
                          "ti:quokka", "learning cat:cs.CV", "graph", "language models"]

    @Test func aKillMidCatchUpThenARestartAnswersAsAFreshBuild() async throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("papers.sqlite")
        let first = try await CLI.run(["import", "--db", db, try makeInput(1, 1_500, in: dir, name: "first.jsonl")], in: dir)
        #expect(first.status == 0, "\(first.stderr)")

        // The first start builds the index and saves it.
        let server = try serve(db, dir)
        let ready = try await server.line(in: .stderr) { $0.contains("keyword index ready") }
        #expect(ready?.contains("built") == true, "\(ready ?? "")")
        _ = try await server.line(in: .stderr) { $0.contains("keyword index saved") }

        // Another process imports; the server is killed as it applies the first changes.
        let second = try await CLI.run(["import", "--db", db, "--batch-size", "500", try makeInput(1_501, 4_000, in: dir, name: "second.jsonl")], in: dir)
        #expect(second.status == 0, "\(second.stderr)")
        let (applying, exit) = try await server.kill(atLine: .stderr) { $0.contains("keyword index applying changes") }
        #expect(applying != nil)
        #expect(exit.reason == .uncaughtSignal)

        // Restarted: the old snapshot, then every change since.
        let restarted = try serve(db, dir)
        defer { restarted.terminate() }
        let line = try #require(try await restarted.line { $0.contains("http://") })
        let url = String(line[try #require(line.range(of: #"http://[^ /]+"#, options: .regularExpression))])
        let again = try #require(try await restarted.line(in: .stderr) { $0.contains("keyword index ready") })
        #expect(again.contains("snapshot") && again.contains("4000"), "\(again)")

        let store = try SQLitePaperStore(path: db)
        for text in Self.queries {
            let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let (data, _) = try await URLSession.shared.data(from: URL(string: "\(url)/api/search?mode=keyword&limit=20&q=\(encoded)")!)
            let body = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let served = (body["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let truth = try await store.search(SearchRequest(query: SearchQuery.parse(text), limit: 20))
            #expect(served == truth.hits.map(\.paper.id.rawValue), "\(text)")
            #expect(body["total"] as? Int == truth.total, "\(text)")
        }
        // And a fresh build from the same database agrees with the snapshot it replaces.
        let rebuilt = try await CLI.run(["index", "rebuild", "--db", db], in: dir)
        #expect(rebuilt.status == 0 && rebuilt.stdout.contains("4000 papers"), "\(rebuilt.stdout)\(rebuilt.stderr)")
        let status = try await CLI.run(["index", "status", "--db", db, "--json"], in: dir)
        #expect(status.stdout.contains("\"lag\":0") && status.stdout.contains("\"papers\":4000"), "\(status.stdout)")
        // The frequent words' bitmaps are counted (a sixteenth of 4,000 papers: a few words at least).
        #expect(status.stdout.range(of: #""bitmap_bytes":[1-9]"#, options: .regularExpression) != nil, "\(status.stdout)")
        #expect(status.stdout.range(of: #""top_list_bytes":[1-9]"#, options: .regularExpression) != nil, "\(status.stdout)")
    }
}
