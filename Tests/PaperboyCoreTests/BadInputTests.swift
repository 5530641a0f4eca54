import Foundation
import Testing
@testable import PaperboyCore

@Suite struct BadInputTests {
    @Test func badLinesAreReportedWithLineAndReasonAndTheRestIsRead() throws {
        let records = try Fixtures.records("papers-with-bad-lines.jsonl")
        let papers = records.compactMap { if case .paper(let p, let at) = $0 { (p.id.rawValue, at) } else { nil } }
        #expect(papers.map(\.0) == ["2601.22599", "2412.04432", "2504.16788"])
        #expect(papers.map(\.1) == [.line(1), .line(4), .line(8)])
        let issues = try Fixtures.issues("papers-with-bad-lines.jsonl")
        #expect(issues.map(\.location) == [.line(2), .line(3), .line(5), .line(6)])
        #expect(issues[0].reason == .malformed("not valid JSON"))
        #expect(issues[1].reason == .missingField("title"))
        #expect(issues[2].reason == .invalidID("not-an-id"))
        #expect(issues[3].reason == .badDate(field: "published", value: "2024-13-45"))
        #expect(issues[3].description == "line 6: bad published date '2024-13-45'")
    }

    @Test func wrongTypesAreExplained() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("types.jsonl", """
            {"id": "2401.00001", "title": "T", "authors": "Not A List"}
            {"id": "2401.00002", "title": "T", "upvotes": "many"}
            {"id": 2401.00003, "title": "T"}
            """)
        let issues = try Fixtures.records(atPath: path, format: .jsonl).compactMap { if case .invalid(let i) = $0 { i } else { nil } }
        #expect(issues.map(\.location) == [.line(1), .line(2), .line(3)])
        #expect(issues[0].description.contains("authors"))
        #expect(issues[1].description.contains("upvotes"))
    }

    @Test func unreadableAndUnknownFilesAreClearErrors() throws {
        #expect(throws: InputError.self) { try RecordReaders.open(path: "/nonexistent/papers.jsonl", format: nil) }
        do {
            _ = try RecordReaders.open(path: "/nonexistent/papers.jsonl", format: nil)
        } catch {
            #expect(error.description.contains("/nonexistent/papers.jsonl"))
            #expect(error.description.contains("No such file"))
        }
        let dir = try TemporaryDirectory()
        let binary = dir.path("blob.bin")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: URL(fileURLWithPath: binary))
        #expect(throws: InputError.unknownFormat(path: binary)) { try RecordReaders.open(path: binary, format: nil) }
        #expect(throws: InputError.self) { try RecordReaders.open(path: dir.url.path, format: nil) }
    }

    @Test func damagedGzipStopsWithAnErrorAfterTheGoodPart() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("papers-sample.jsonl.gz")))
        let dir = try TemporaryDirectory()
        let truncated = dir.path("truncated.jsonl.gz")
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: truncated))
        var (reader, _) = try RecordReaders.open(path: truncated, format: .jsonl)
        var read = 0
        #expect(throws: InputError.self) {
            while let record = try reader.next() {
                if case .paper = record { read += 1 }
            }
        }
        #expect(read > 0)
    }

    @Test func truncatedXMLKeepsTheRecordsBeforeTheDamage() throws {
        let text = try String(contentsOfFile: Fixtures.path("oai-dc-listrecords-cs.xml"), encoding: .utf8)
        let cut = text.range(of: "<record>", options: .backwards)!.lowerBound
        let dir = try TemporaryDirectory()
        let path = try dir.write("cut.xml", String(text[..<cut]) + "<record><header><identif")
        let records = try Fixtures.records(atPath: path, format: .oai)
        let papers = records.compactMap { if case .paper(let p, _) = $0 { p } else { nil } }
        #expect(papers.count == 4)
        #expect(records.contains { if case .invalid(let issue) = $0 { issue.description.contains("XML error") } else { false } })
    }

    @Test func linesSplitAcrossChunksAndCRLFAreRead() throws {
        let dir = try TemporaryDirectory()
        let long = String(repeating: "x", count: 3_000_000)
        let path = try dir.write("lines.txt", "first\r\n\(long)\nlast")
        var reader = LineReader(file: try InputFile(path: path), chunkSize: 1024)
        var lines: [Int] = []
        while let line = try reader.nextLine() { lines.append(line.count) }
        #expect(lines == [5, 3_000_000, 4])
        #expect(reader.lineNumber == 3)
    }
}
