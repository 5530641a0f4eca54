import Foundation
import PaperboyTestSupport
import Testing
@testable import PaperboyCore

@Suite struct PaperIDTests {
    @Test(arguments: [
        ("2401.12345", "2401.12345", nil),
        ("2401.12345v3", "2401.12345", 3),
        ("arXiv:2401.12345v2", "2401.12345", 2),
        ("0704.0001", "0704.0001", nil),
        ("hep-th/9108002", "hep-th/9108002", nil),
        ("hep-th/9108002v1", "hep-th/9108002", 1),
        ("math.AG/0601001", "math/0601001", nil),
        ("oai:arXiv.org:1401.2122", "1401.2122", nil),
        ("http://arxiv.org/abs/nucl-ex/0408020v1", "nucl-ex/0408020", 1),
        ("https://arxiv.org/pdf/2401.12345v1.pdf", "2401.12345", 1),
        ("https://arxiv.org/pdf/2401.12345", "2401.12345", nil),
        ("https://export.arxiv.org/abs/2401.12345?context=cs", "2401.12345", nil),
        ("https://huggingface.co/papers/2405.15738", "2405.15738", nil),
        ("  2401.12345  ", "2401.12345", nil),
    ] as [(String, String, Int?)])
    func parsesEveryCommonForm(input: String, id: String, version: Int?) throws {
        let parsed = try #require(PaperID.parse(input))
        #expect(parsed.id.rawValue == id)
        #expect(parsed.version == version)
    }

    @Test(arguments: [
        "", "not-an-id", "2401.123", "2413.12345", "2401.1234567", "12345", "hep-th/91080", "hep-th/9113002",
        "https://example.com/abs/2401.12345", "2401.12345v", "2401.12345vx", "../etc/passwd", "local:xyz",
    ])
    func rejectsWhatIsNotAnID(input: String) {
        #expect(PaperID.parse(input) == nil)
    }

    /// The byte-level fast path for stored ids gives what the general parser gives, on ids
    /// and on near misses (a month 00 or 13, a letter, a space, a missing or extra digit,
    /// another dot, a digit that is not ASCII).
    @Test func theFastPathForStoredIDsAgreesWithTheGeneralParser() {
        var random = SeededRandom(seed: 5)
        let alphabet: [Character] = ["0", "1", "2", "3", "9", ".", "v", " ", "/", "a", "٣"]
        var fast = 0
        for i in 0..<20_000 {
            var text: String
            if i % 2 == 0 {
                text = String(format: "%02d%02d.%0*d", Int.random(in: 0...99, using: &random), Int.random(in: 0...13, using: &random),
                              Int.random(in: 4...5, using: &random), Int.random(in: 0...99_999, using: &random))
            } else {
                text = String((0..<Int.random(in: 8...11, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            }
            if Int.random(in: 0..<5, using: &random) == 0 { text.insert(alphabet.randomElement(using: &random)!, at: text.startIndex) }
            let general = PaperID.parseAnyForm(text)
            if PaperID.canonicalNewStyle(text) != nil { fast += 1 }
            #expect(PaperID.parse(text)?.id == general?.id && PaperID.parse(text)?.version == general?.version, "\(text)")
            #expect(PaperID.canonicalNewStyle(text) == nil || PaperID.canonicalNewStyle(text) == general?.id, "\(text)")
        }
        #expect(fast > 5_000)
    }

    @Test func localIDsAreStableAndIgnoreCaseAndPunctuation() {
        let a = PaperID.local(forTitle: "Attention Is All You Need")
        let b = PaperID.local(forTitle: "attention is all you need.")
        #expect(a == b)
        #expect(a.rawValue.hasPrefix("local:"))
        #expect(PaperID.parse(a.rawValue)?.id == a)
        #expect(PaperID.local(forTitle: "Attention Is Not All You Need") != a)
        #expect(!a.isArxiv)
    }
}

@Suite struct DayTests {
    @Test(arguments: [
        ("2024-01-25", "2024-01-25"),
        ("2004-08-18T23:13:32Z", "2004-08-18"),
        ("2024-05-27T03:50:58.348Z", "2024-05-27"),
        ("Mon, 2 Apr 2007 19:18:42 GMT", "2007-04-02"),
        ("Tue, 24 Jul 2007 20:10:27 GMT   ", "2007-07-24"),
        ("2 Apr 2007", "2007-04-02"),
        ("2024-02-29", "2024-02-29"),
        // Leading blanks are skipped for either form (the ISO one is read in place).
        (" \t2024-01-25", "2024-01-25"),
        ("\t Mon, 2 Apr 2007", "2007-04-02"),
    ])
    func parsesSourceDates(input: String, expected: String) throws {
        #expect(try #require(Day(input)).description == expected)
    }

    @Test(arguments: ["2024-13-45", "2023-02-29", "2024-00-10", "yesterday", "", "2024-1-5", "20240105", "2024-01-255", "Mon, 32 Apr 2007"])
    func rejectsImpossibleDates(input: String) {
        #expect(Day(input) == nil)
    }

    @Test func ordersChronologically() {
        #expect(day("2024-01-31") < day("2024-02-01"))
        #expect(day("1999-12-31") < day("2000-01-01"))
    }
}
