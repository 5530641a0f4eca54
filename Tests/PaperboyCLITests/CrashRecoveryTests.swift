import Foundation
import PaperboyCore
import PaperboySQLite
import Testing

/// A real `paperboy import` killed with SIGKILL part way: every committed batch stays whole,
/// no record is half written, the index matches the table, and the same command finishes the job.
@Suite struct CrashRecoveryTests {
    static let papers = 30_000
    static let batchSize = 500

    /// A large JSON Lines file made from the real sample's records with fresh ids.
    func makeInput(in dir: TemporaryDirectory) throws -> String {
        let template = try String(contentsOfFile: CLI.fixture("papers-sample.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        var out = Data()
        for i in 1...Self.papers {
            var record = template[i % template.count]
            record["id"] = String(format: "2401.%05d", i)
            record["title"] = "\(record["title"] as! String) (\(i))"
            out.append(try JSONSerialization.data(withJSONObject: record))
            out.append(0x0A)
        }
        let path = dir.path("big.jsonl")
        try out.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func killedImportLeavesWholeBatchesAndARerunCompletesIt() async throws {
        let dir = try TemporaryDirectory()
        let input = try makeInput(in: dir)
        let db = dir.path("papers.sqlite")

        let importer = try ChildProcess(["import", "--db", db, "--batch-size", "\(Self.batchSize)", "--log-level", "debug", input],
                                        executable: CLI.executable, environment: CLI.baseEnvironment, stdout: .discard, stderr: .capture)
        // Wait for the importer to say a batch is committed, then kill it without warning.
        let (committed, exit) = try await importer.kill(atLine: .stderr) { $0.contains("batch committed") }
        #expect(committed != nil)
        #expect(exit.reason == .uncaughtSignal)

        let store = try SQLitePaperStore(path: db)
        let survived = try await store.count()
        #expect(survived >= Self.batchSize, "the batch reported committed is there")
        #expect(survived < Self.papers, "the kill landed before the import finished")
        #expect(survived % Self.batchSize == 0, "only whole batches: \(survived)")
        #expect(try await store.checkIntegrity() == [])
        #expect(try await store.search(SearchRequest(query: SearchQuery.parse("cat:cs"), limit: 1)).total
                <= survived)

        let rerun = try await CLI.run(["import", "--db", db, "--batch-size", "\(Self.batchSize)", input], in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("read \(Self.papers), new \(Self.papers - survived), updated 0, unchanged \(survived), skipped 0"))
        #expect(try await store.count() == Self.papers)
        #expect(try await store.checkIntegrity() == [])
        let last = try await store.search(SearchRequest(query: SearchQuery.parse("2401.30000")))
        #expect(last.hits.first?.paper.title.hasSuffix("(30000)") == true)
    }
}
