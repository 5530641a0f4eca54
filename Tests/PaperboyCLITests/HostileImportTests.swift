import Foundation
import GRDB
import PaperboyCore
import PaperboySQLite
import Testing

/// Imports of files written to hurt, from the command line: good records around a gzip
/// bomb and oversized records are all kept, in bounded memory, and imported text never
/// reaches a terminal as escape sequences.
@Suite struct HostileImportTests {
    /// Runs `paperboy` under Tests/tools/maxrss.py: exit status, peak memory, output.
    static func measured(_ arguments: [String], in dir: TemporaryDirectory) async throws -> (status: Int, maxRSSMiB: Double, stdout: String, stderr: String) {
        let run = try await ChildProcess.run(["python3", ToolServer.toolPath("maxrss.py"), CLI.executable.path] + arguments,
                                             environment: CLI.baseEnvironment, directory: dir.url)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return (json["status"] as? Int ?? -1, Double(json["maxrss_kib"] as? Int ?? 0) / 1_024,
                json["stdout"] as? String ?? "", json["stderr"] as? String ?? "")
    }

    /// Writes BASE.jsonl.gz and BASE.xml.gz with Tests/tools/make_bomb.py.
    static func makeHostileFiles(_ base: String, lineMiB: Int, recordMB: Int, in dir: TemporaryDirectory) async throws {
        let maker = try await CLI.run(["python3", ToolServer.toolPath("make_bomb.py"), base, String(lineMiB), String(recordMB)],
                                      executable: URL(fileURLWithPath: "/usr/bin/env"), in: dir)
        try #require(maker.status == 0, "\(maker.stderr)")
    }

    @Test func aGzipBombAndHugeRecordsCostBoundedMemoryAndEveryGoodRecordIsKept() async throws {
        let dir = try TemporaryDirectory()
        let base = dir.path("hostile")
        // One line of 1 GiB (about 1 MB compressed) and a record with a 60 MB abstract.
        try await Self.makeHostileFiles(base, lineMiB: 1_024, recordMB: 60, in: dir)
        let compressed = try FileManager.default.attributesOfItem(atPath: base + ".jsonl.gz")[.size] as? Int ?? 0
        #expect(compressed < 4 << 20)
        let db = dir.path("papers.sqlite")
        for file in [base + ".jsonl.gz", base + ".xml.gz"] {
            let run = try await Self.measured(["import", "--db", db, file], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.maxRSSMiB < 512, "peak memory \(run.maxRSSMiB) MiB importing \(file)")
            print("import of \(URL(fileURLWithPath: file).lastPathComponent): peak memory \(Int(run.maxRSSMiB)) MiB")
        }
        let stored = try await DatabaseQueue(path: db).read { db in try String.fetchAll(db, sql: "SELECT id FROM papers ORDER BY id") }
        #expect(stored == ["2401.00001", "2401.00002", "2401.00003", "2401.00004", "2402.00001", "2402.00002"])
    }

    @Test func reportsSayWhatWasSkippedAndWhy() async throws {
        let dir = try TemporaryDirectory()
        let base = dir.path("small")
        try await Self.makeHostileFiles(base, lineMiB: 5, recordMB: 5, in: dir)
        let run = try await CLI.run(["import", "--db", dir.path("papers.sqlite"), base + ".jsonl.gz"], in: dir)
        #expect(run.status == 0)
        #expect(run.stdout.contains("read 7, new 4, updated 0, unchanged 0, skipped 3"), "\(run.stdout)")
        #expect(run.stderr.contains("line 2: skipped: too large: a line of"), "\(run.stderr)")
        #expect(run.stderr.contains("too large: abstract of 99999 bytes (at most 65536)"), "\(run.stderr)")
    }

    @Test func importedTextNeverWritesEscapeSequencesToTheTerminal() async throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("papers.sqlite")
        let store = try SQLitePaperStore(path: db)
        // Written straight to the store, as an older version (or another tool) might have.
        _ = try await store.upsert([Paper(id: PaperID.parse("2401.00042")!.id, title: "Clean\u{1B}]0;owned\u{7}\u{1B}[2J title",
                                          abstract: "Abstract \u{9B}31m red \u{202E}gnp.exe", authors: ["Eve\u{1B}[8m"],
                                          categories: ["cs.CR"], published: Day("2024-01-02"), sources: ["test"])])
        for arguments in [["show", "--db", db, "2401.00042"], ["search", "--db", db, "--mode", "keyword", "clean title"]] {
            let run = try await CLI.run(arguments, in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("Clean"), "\(arguments[0])")
            for scalar in run.stdout.unicodeScalars {
                #expect(!TerminalText.isUnsafe(scalar), "\(arguments[0]) printed U+\(String(scalar.value, radix: 16))")
            }
        }
    }
}
