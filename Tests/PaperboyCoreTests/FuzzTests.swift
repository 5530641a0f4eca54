import Foundation
import Testing
@testable import PaperboyCore

/// Thousands of random and mutated inputs through every parser: each must return records
/// or issues, never crash or hang.
@Suite struct FuzzTests {
    static let seeds = [
        "arxiv-api-query.xml", "oai-arxiv-getrecord.xml", "oai-dc-listrecords-cs.xml", "oai-arxivraw-0704.0001.xml",
        "0704.0001.abs", "hf-daily-papers-2024-05-27.json", "kaggle-snapshot.jsonl", "papers-sample.jsonl", "text-page.txt",
    ]

    static let alphabet: [UInt8] = Array(#"<>/"{}[]:,\ -=.&;#\#n\#tabcxyz019é"#.utf8) + [0x00, 0xFF, 0xC3, 0xE2, 0x80]

    static func mutate(_ bytes: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            guard !out.isEmpty else { out = [Self.alphabet.randomElement(using: &rng)!]; continue }
            let at = Int.random(in: 0..<out.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: out[at] = Self.alphabet.randomElement(using: &rng)!
            case 1: out.insert(Self.alphabet.randomElement(using: &rng)!, at: at)
            case 2: out.removeSubrange(at..<min(out.count, at + Int.random(in: 1...64, using: &rng)))
            case 3: out = Array(out.prefix(at))
            default:
                let other = Int.random(in: 0..<out.count, using: &rng)
                out.insert(contentsOf: out[min(at, other)..<max(at, other)].prefix(256), at: at)
            }
        }
        return out
    }

    /// `PAPERBOY_TEST_FUZZ_ROUNDS` and `PAPERBOY_TEST_FUZZ_SEED` run a longer or different
    /// campaign locally; CI uses the defaults.
    static let rounds = ProcessInfo.processInfo.environment["PAPERBOY_TEST_FUZZ_ROUNDS"].flatMap(Int.init) ?? 150
    static let seed = ProcessInfo.processInfo.environment["PAPERBOY_TEST_FUZZ_SEED"].flatMap(UInt64.init) ?? 2026

    @Test func everyParserSurvivesMutatedRealFiles() throws {
        let dir = try TemporaryDirectory()
        var rng = SeededRandom(seed: Self.seed)
        var parsedRecords = 0
        for seed in Self.seeds {
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(seed))))
            // Keep large seeds small so thousands of runs stay quick.
            let base = Array(original.prefix(6_000))
            for round in 0..<Self.rounds {
                let bytes = Self.mutate(base, &rng)
                let path = dir.path("fuzz-\(round)")
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                for format in ImportFormat.allCases {
                    do {
                        parsedRecords += try Fixtures.records(atPath: path, format: format).count
                    } catch is InputError {
                        // A clear error for the file is an acceptable outcome.
                    }
                }
                _ = try? RecordReaders.detectFormat(path: path)
            }
        }
        #expect(parsedRecords > 0)
    }

    @Test func randomBytesNeverCrashTheParsers() throws {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<3_000 {
            let bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in Self.alphabet.randomElement(using: &rng)! }
            _ = ArxivAtomParser.parse(bytes, source: "fuzz")
            _ = OAIPMHParser.parse(bytes, source: "fuzz")
            _ = AbsFileParser.parse(bytes, source: "fuzz")
            _ = HFDailyPapersParser.parse(bytes, source: "fuzz")
            _ = ImportFormat.detect(head: bytes)
            _ = PaperID.parse(String(decoding: bytes, as: UTF8.self))
            _ = Day(String(decoding: bytes, as: UTF8.self))
            _ = TeX.decodeAccents(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func queryParserAcceptsAnything() {
        var rng = SeededRandom(seed: 42)
        let pieces = [#"""#, "*", "NEAR(", "(", ")", "OR", "AND", "NOT", "-", "ti:", "au:", "cat:", ":", "^", "{", "}",
                      "🎉", "é", "learning", "2401.12345", " ", "\t", "\\", "'", "+", "abs:", "cs.CV", "\u{0}"]
        for _ in 0..<5_000 {
            let input = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let query = SearchQuery.parse(input)
            for group in query.required {
                for term in group { #expect(term.text.contains { $0.isLetter || $0.isNumber }) }
            }
        }
    }
}
