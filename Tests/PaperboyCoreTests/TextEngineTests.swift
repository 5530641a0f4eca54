import Foundation
import PaperboyCore
import PaperboyTestSupport
import Testing

/// The pure text engine behind the in-memory store's search: FTS5's porter stemmer and
/// unicode61 tokenizer, and bm25 over a `TextIndex`. (The store tests check all of it
/// against SQLite itself.)
@Suite struct TextEngineTests {
    /// Porter's own examples (1980) and a few more, with the stems SQLite FTS5 gives them.
    static let stems: [(String, String)] = [
        ("caresses", "caress"), ("ponies", "poni"), ("ties", "ti"), ("caress", "caress"), ("cats", "cat"),
        ("feed", "feed"), ("agreed", "agre"), ("plastered", "plaster"), ("bled", "bled"), ("motoring", "motor"),
        ("sing", "sing"), ("conflated", "conflat"), ("troubled", "troubl"), ("sized", "size"), ("hopping", "hop"),
        ("tanned", "tan"), ("falling", "fall"), ("hissing", "hiss"), ("fizzed", "fizz"), ("failing", "fail"),
        ("filing", "file"), ("happy", "happi"), ("sky", "sky"), ("relational", "relat"), ("conditional", "condit"),
        ("rational", "ration"), ("valenci", "valenc"), ("hesitanci", "hesit"), ("digitizer", "digit"),
        ("conformabli", "conform"), ("radicalli", "radic"), ("differentli", "differ"), ("vileli", "vile"),
        ("analogousli", "analog"), ("vietnamization", "vietnam"), ("predication", "predic"), ("operator", "oper"),
        ("feudalism", "feudal"), ("decisiveness", "decis"), ("hopefulness", "hope"), ("callousness", "callous"),
        ("formaliti", "formal"), ("sensitiviti", "sensit"), ("sensibiliti", "sensibl"), ("triplicate", "triplic"),
        ("formative", "form"), ("formalize", "formal"), ("electriciti", "electr"), ("electrical", "electr"),
        ("hopeful", "hope"), ("goodness", "good"), ("revival", "reviv"), ("allowance", "allow"), ("inference", "infer"),
        ("airliner", "airlin"), ("gyroscopic", "gyroscop"), ("adjustable", "adjust"), ("defensible", "defens"),
        ("irritant", "irrit"), ("replacement", "replac"), ("adjustment", "adjust"), ("dependent", "depend"),
        ("adoption", "adopt"), ("homologou", "homolog"), ("communism", "commun"), ("activate", "activ"),
        ("angulariti", "angular"), ("homologous", "homolog"), ("effective", "effect"), ("bowdlerize", "bowdler"),
        ("probate", "probat"), ("rate", "rate"), ("cease", "ceas"), ("controll", "control"), ("roll", "roll"),
        ("generalizations", "gener"), ("oscillators", "oscil"), ("learning", "learn"), ("learned", "learn"),
        ("transformers", "transform"),
        // The revised rules FTS5 follows: `logi` → `log`, `bli` → `ble`.
        ("archaeology", "archaeolog"), ("possibly", "possibl"),
        // Under 3 or over 64 bytes: unchanged.
        ("as", "as"), (String(repeating: "ing", count: 22), String(repeating: "ing", count: 22)),
    ]

    @Test(arguments: stems)
    func stemsAsFTS5Does(word: String, stem: String) {
        #expect(PorterStemmer.stem(word) == stem)
    }

    @Test func tokenizesAsUnicode61WithoutDiacritics() {
        #expect(TextTokenizer.terms("Müller's NAÏVE café-au-lait, 3.14") == ["muller", "s", "naiv", "cafe", "au", "lait", "3", "14"])
        // A combining accent continues a word and vanishes; a letter unassigned in FTS5's
        // Unicode tables (🥰, Unicode 11) is a token, an old emoji (🎉) is not.
        #expect(TextTokenizer.terms("Cafe\u{301} 🎉 🥰") == ["cafe", "🥰"])
        let text = "Über  Lösungen"
        let tokens = TextTokenizer.tokens(text)
        #expect(tokens.map { String(decoding: Array(text.utf8)[$0.utf8Range], as: UTF8.self) } == ["Über", "Lösungen"])
        #expect(tokens.map(\.text) == ["uber", "losungen"])
    }

    /// The index build's tokenizer remembers stems; it gives the same terms as the plain one,
    /// for repeated words, words past its longest remembered one and stems cut in a
    /// multi-byte character, and in any order.
    @Test func aTokenizerThatRemembersStemsGivesTheSameTerms() throws {
        let long = String(repeating: "generalization", count: 5)
        var texts = ["Müller's NAÏVE café-au-lait, 3.14", "Cafe\u{301} 🎉 🥰 generalizing generalization generalizations",
                     "\(long) \(long)s \(long)", "ÉTUDES études Études", "caresses ponies ties caress cats"]
        var (reader, _) = try RecordReaders.open(path: TestFixtures.core("papers-sample.jsonl"), format: .jsonl)
        while let record = try reader.next() {
            if case .paper(let paper, _) = record { texts.append(paper.title + " " + (paper.abstract ?? "")) }
        }
        var tokenizer = StemmingTokenizer()
        for text in texts + texts.reversed() {
            #expect(tokenizer.terms(text) == TextTokenizer.tokens(text).map(\.term), "\(text.prefix(60))")
        }
    }

    /// The build's tokenizer, which numbers words and stems in its byte tables, gives exactly
    /// the plain tokenizer's terms on random text drawn from ASCII, accented and decomposed
    /// Latin, combining marks, CJK, emoji, U+FFFE and U+FFFF, and words past its longest
    /// remembered one. (`TextEngineAgreementTests` holds the shared walk to SQLite's own.)
    @Test func theByteTokenizerMatchesUnicode61OnRandomText() {
        var random = SeededRandom(seed: 61)
        let pieces: [String] = ["a", "Z", "0", "9", " ", "-", "'", ".", "\u{0}", "é", "E\u{301}", "\u{301}", "\u{331}",
                                "\u{332}", "ß", "Æ", "İ", "ﬁ", "中", "文", "🥰", "🎉", "\u{FFFE}", "\u{FFFF}", "\u{10400}",
                                "\u{E000}", "ing", "ation", "learn", "Σ", "ς", "\t", "\n", "Ǆ", "ǅ"]
        var tokenizer = StemmingTokenizer(seed: 7)
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...40, using: &random) { text += pieces.randomElement(using: &random)! }
            if Int.random(in: 0..<50, using: &random) == 0 { text += String(repeating: "generalization", count: 6) }
            #expect(tokenizer.terms(text) == TextTokenizer.tokens(text).map(\.term), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// Full, it starts again between texts, and its numbers name stems again from 0.
    @Test func theTokenizerForgetsWhenFull() {
        var tokenizer = StemmingTokenizer(seed: 1)
        var numbers: [UInt32] = []
        tokenizer.appendStemNumbers(of: "learning learned learns models", to: &numbers)
        #expect(numbers == [0, 0, 0, 1])
        #expect(tokenizer.stemCount == 2 && Array(tokenizer.stem(0)) == Array("learn".utf8) && Array(tokenizer.stem(1)) == Array("model".utf8))
        let early = tokenizer.forgetIfFull()
        #expect(!early)
        var text = ""
        for i in 0..<StemmingTokenizer.capacity { text += "w\(i) " }
        numbers.removeAll()
        tokenizer.appendStemNumbers(of: text, to: &numbers)
        #expect(numbers.count == StemmingTokenizer.capacity)
        let full = tokenizer.forgetIfFull()
        #expect(full)
        #expect(tokenizer.stemCount == 0)
        #expect(tokenizer.terms("Models") == [Array("model".utf8)])
    }

    /// Numbers in order of insertion, found again by bytes (never by hash alone: a table
    /// whose every key lands in a few slots still tells them apart), kept across growth.
    @Test func aByteTableNumbersKeysAndFindsThemAgain() {
        var table = ByteTable(seed: 3)
        var random = SeededRandom(seed: 9)
        var keys: [[UInt8]] = [[]]
        for _ in 0..<5_000 { keys.append((0..<Int.random(in: 1...20, using: &random)).map { _ in UInt8.random(in: 0...3, using: &random) }) }
        var expected: [[UInt8]: UInt32] = [:]
        for key in keys {
            let (number, inserted) = key.withUnsafeBytes { table.insert($0) }
            if let known = expected[key] {
                #expect(!inserted && number == known)
            } else {
                #expect(inserted && number == UInt32(expected.count))
                expected[key] = number
            }
        }
        #expect(table.count == expected.count)
        for (key, number) in expected {
            #expect(key.withUnsafeBytes { table.number(of: $0) } == number)
            #expect(Array(table.key(number)) == key)
        }
        #expect([UInt8](repeating: 5, count: 3).withUnsafeBytes { table.number(of: $0) } == nil)
        table.removeAll()
        #expect(table.count == 0 && keys[1].withUnsafeBytes { table.number(of: $0) } == nil)
        #expect(keys[1].withUnsafeBytes { table.insert($0) }.number == 0)
    }

    @Test func matchesPhrasesPrefixesFieldsAndExclusions() {
        var index = TextIndex()
        let papers = [
            Paper(id: PaperID.parse("2401.00001")!.id, title: "Masked autoencoders are scalable vision learners",
                  authors: ["Kaiming He"], categories: ["cs.CV"]),
            Paper(id: PaperID.parse("2401.00002")!.id, title: "Autoencoders with masked attention", abstract: "Vision.",
                  categories: ["cs.CL"]),
        ]
        for paper in papers { index.index(paper) }
        func ids(_ text: String) -> Set<String> {
            Set(TextQuery(SearchQuery.parse(text)).map { index.matches($0).keys.map(\.rawValue) } ?? [])
        }
        #expect(ids("\"masked autoencoders\"") == ["2401.00001"])
        #expect(ids("masked autoencoders") == ["2401.00001", "2401.00002"])
        #expect(ids("autoenc*") == ["2401.00001", "2401.00002"])
        #expect(ids("ti:vision") == ["2401.00001"])
        #expect(ids("au:kaiming") == ["2401.00001"])
        #expect(ids("vision -cat:cs.CV") == ["2401.00002"])
        #expect(ids("cat:cs") == ["2401.00001", "2401.00002"])
        #expect(ids("cv") == [])
        #expect(TextQuery(SearchQuery.parse("-vision")) == nil)
        index.remove(papers[0].id)
        #expect(ids("vision") == ["2401.00002"])
        #expect(index.documentFrequencies[Array("mask".utf8)] == 1)
    }

    @Test func scoresWithFTS5sBM25() throws {
        var index = TextIndex()
        let a = Paper(id: PaperID.parse("2401.00001")!.id, title: "Diffusion models")
        let b = Paper(id: PaperID.parse("2401.00002")!.id, title: "Graphs", abstract: "Diffusion on graphs and more graphs.")
        let c = Paper(id: PaperID.parse("2401.00003")!.id, title: "Unrelated")
        for paper in [a, b, c] { index.index(paper) }
        let scores = index.matches(try #require(TextQuery(SearchQuery.parse("diffusion"))))
        // N = 3, n = 2, lengths 2, 7 and 1 (categories and authors "[]" add nothing).
        let idf = log((3.0 - 2 + 0.5) / (2 + 0.5)) <= 0 ? 1e-6 : log((3.0 - 2 + 0.5) / (2 + 0.5))
        func bm25(_ f: Double, _ length: Double) -> Double { idf * (f * (1.2 + 1)) / (f + 1.2 * (0.25 + 0.75 * length / (10.0 / 3))) }
        #expect(scores[a.id] == bm25(10, 2))
        #expect(scores[b.id] == bm25(3, 7))
        #expect(scores[c.id] == nil)
    }
}
