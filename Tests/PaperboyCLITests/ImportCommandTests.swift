import Foundation
import PaperboyCore
import PaperboySQLite
import Testing

@Suite struct ImportCommandTests {
    static let allFormats = [
        "papers-sample.jsonl.gz", "kaggle-snapshot.jsonl", "arxiv-api-query.xml", "arxiv-api-id-list.xml",
        "oai-arxiv-getrecord.xml", "oai-arxiv-listrecords-hep-th.xml", "oai-dc-listrecords-cs.xml",
        "oai-arxivraw-0704.0001.xml", "0704.0001.abs", "hep-th-9108002.abs", "hf-daily-papers-2024-05-27.json",
        "hf-daily-papers-2026-08-21.json", "text-page.txt",
    ]

    @Test func importsEveryFormatAndASecondRunChangesNothing() async throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("papers.sqlite")
        let files = Self.allFormats.map(CLI.fixture)
        let first = try await CLI.run(["import", "--db", db] + files, in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("kaggle-snapshot.jsonl (kaggle): read 2, new 2"))
        #expect(first.stdout.contains("arxiv-api-query.xml (atom): read 10, new 10"))
        #expect(first.stdout.contains("oai-dc-listrecords-cs.xml (oai): read 5, new 5"))
        #expect(first.stdout.contains("hf-daily-papers-2026-08-21.json (hf): read 17, new 17"))
        // Two titles without ids get local ids; the third names 2412.04432, already in the sample.
        #expect(first.stdout.contains("text-page.txt (text): read 3, new 2, updated 1, unchanged 0"))
        // 0704.0001 arrives from Kaggle, arXivRaw and .abs: one paper, merged (sources added).
        #expect(first.stdout.contains("0704.0001.abs (abs): read 1, new 0, updated 1"))
        #expect(first.stdout.contains("total: read 99, new 96, updated 3, unchanged 0, skipped 0"))
        #expect(!first.stderr.contains("\r"), "no progress line when stderr is not a terminal")

        let stats = try await CLI.run(["stats", "--json", "--db", db], in: dir)
        let json = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as! [String: Any]
        let papers = try #require(json["papers"] as? Int)
        #expect(papers == 96)

        let second = try await CLI.run(["import", "--db", db] + files, in: dir)
        #expect(second.status == 0)
        #expect(second.stdout.contains("total: read 99, new 0, updated 0, unchanged 99, skipped 0"))
        let again = try JSONSerialization.jsonObject(with: Data(try await CLI.run(["stats", "--json", "--db", db], in: dir).stdout.utf8)) as! [String: Any]
        #expect(again["papers"] as? Int == papers)

        let show = try await CLI.run(["show", "--db", db, "https://arxiv.org/abs/0704.0001v2"], in: dir)
        #expect(show.status == 0)
        #expect(show.stdout.contains("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"))
        #expect(show.stdout.contains("C. Balázs"))
        #expect(show.stdout.contains("arxiv-kaggle, arxiv-oai, arxiv-abs"))
    }

    @Test func badRecordsAreReportedAndTheRestImported() async throws {
        let dir = try TemporaryDirectory()
        let file = CLI.fixture("papers-with-bad-lines.jsonl")
        let result = try await CLI.run(["import", "--db", dir.path("p.sqlite"), file], in: dir)
        #expect(result.status == 0)
        #expect(result.stdout.contains("read 7, new 3, updated 0, unchanged 0, skipped 4"))
        #expect(result.stderr.contains("\(file): line 2: skipped: malformed record: not valid JSON"))
        #expect(result.stderr.contains("\(file): line 3: skipped: missing title"))
        #expect(result.stderr.contains("\(file): line 5: skipped: invalid arXiv id 'not-an-id'"))
        #expect(result.stderr.contains("\(file): line 6: skipped: bad published date '2024-13-45'"))
    }

    @Test func unreadableUnknownAndEmptyFilesFail() async throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("p.sqlite")
        let missing = try await CLI.run(["import", "--db", db, dir.path("missing.jsonl"), CLI.fixture("kaggle-snapshot.jsonl")], in: dir)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("missing.jsonl: cannot read file: No such file or directory"))
        #expect(missing.stdout.contains("kaggle-snapshot.jsonl (kaggle): read 2, new 2"), "the other files still go in")

        let binary = dir.path("blob.bin")
        try Data((0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: binary))
        let unknown = try await CLI.run(["import", "--db", db, binary], in: dir)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("blob.bin: unknown format"))

        let empty = try await CLI.run(["import", "--db", db, CLI.fixture("arxiv-api-empty.xml")], in: dir)
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("no valid papers found"))

        let badFormat = try await CLI.run(["import", "--db", db, "--format", "csv", binary], in: dir)
        #expect(badFormat.status != 0)
        #expect(badFormat.stderr.contains("--format"))
    }

    @Test func exportImportsBackLosslessly() async throws {
        let dir = try TemporaryDirectory()
        let first = dir.path("first.sqlite"), second = dir.path("second.sqlite")
        let files = Self.allFormats.map(CLI.fixture)
        #expect(try await CLI.run(["import", "--db", first] + files, in: dir).status == 0)
        let export1 = try await CLI.run(["export", "--db", first], in: dir)
        #expect(export1.status == 0)
        #expect(export1.stdout.split(separator: "\n").count == 96)
        try Data(export1.stdout.utf8).write(to: URL(fileURLWithPath: dir.path("export.jsonl")))
        let reimport = try await CLI.run(["import", "--db", second, dir.path("export.jsonl")], in: dir)
        #expect(reimport.stdout.contains("read 96, new 96, updated 0, unchanged 0, skipped 0"), "\(reimport.stdout)\(reimport.stderr)")
        let export2 = try await CLI.run(["export", "--db", second, "--output", dir.path("export2.jsonl")], in: dir)
        #expect(export2.status == 0)
        #expect(try String(contentsOfFile: dir.path("export2.jsonl"), encoding: .utf8) == export1.stdout)
        #expect(!FileManager.default.fileExists(atPath: dir.path("export2.jsonl.partial")))

        // Gzipped export, read back through import.
        #expect(try await CLI.run(["export", "--db", second, "-o", dir.path("export.jsonl.gz")], in: dir).status == 0)
        let gz = try Data(contentsOf: URL(fileURLWithPath: dir.path("export.jsonl.gz")))
        #expect(gz.prefix(2) == Data([0x1F, 0x8B]))
        let third = dir.path("third.sqlite")
        let fromGzip = try await CLI.run(["import", "--db", third, dir.path("export.jsonl.gz")], in: dir)
        #expect(fromGzip.stdout.contains("read 96, new 96"))
        #expect(try await CLI.run(["export", "--db", third], in: dir).stdout == export1.stdout)
    }

    @Test func aDirectoryImportsEveryFileInIt() async throws {
        let dir = try TemporaryDirectory()
        let harvest = dir.path("harvest")
        try FileManager.default.createDirectory(atPath: harvest + "/2024", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.fixture("hf-daily-papers-2024-05-27.json"), toPath: harvest + "/2024/05-27.json")
        try FileManager.default.copyItem(atPath: CLI.fixture("arxiv-api-query.xml"), toPath: harvest + "/query.xml")
        try Data("not papers".utf8).write(to: URL(fileURLWithPath: harvest + "/.hidden"))
        let result = try await CLI.run(["import", "--db", dir.path("p.sqlite"), harvest], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix(harvest + "/2024/05-27.json (hf): read 13, new 13"))
        #expect(lines[1].hasPrefix(harvest + "/query.xml (atom): read 10, new 10"))
        #expect(lines[2].hasPrefix("total: read 23, new 23"))
    }

    @Test func dryRunWritesNothing() async throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("p.sqlite")
        let result = try await CLI.run(["import", "--dry-run", "--db", db, CLI.fixture("papers-sample.jsonl.gz")], in: dir)
        #expect(result.status == 0)
        #expect(result.stdout.contains("read 41, valid 41, skipped 0"))
        #expect(!FileManager.default.fileExists(atPath: db))
        // Commands that only read refuse a database that does not exist, rather than create it.
        let stats = try await CLI.run(["stats", "--json", "--db", db], in: dir)
        #expect(stats.status != 0)
        #expect(stats.stderr.contains("no database at '\(db)'"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}

@Suite struct ImportProgressTests {
    /// `script` gives the import a terminal, as a person running it would have.
    @Test func aTerminalGetsAProgressLine() async throws {
        let dir = try TemporaryDirectory()
        let command = [CLI.executable.path, "import", "--db", dir.path("p.sqlite"), "--batch-size", "10",
                       CLI.fixture("papers-sample.jsonl.gz")].map { "'\($0)'" }.joined(separator: " ")
        let result = try await CLI.run(["-qec", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"), in: dir)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\r\u{1B}[K"))
        #expect(result.stdout.contains("records, "))
        #expect(result.stdout.contains("papers/s"))
        #expect(result.stdout.contains("read 41, new 41"))
    }
}
