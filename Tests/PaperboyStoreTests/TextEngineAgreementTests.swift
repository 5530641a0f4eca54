import Foundation
import GRDB
import PaperboyCore
import PaperboyMemoryStore
@testable import PaperboySQLite
import PaperboyTestSupport
import Testing

/// Core's text engine (`TextTokenizer`, `PorterStemmer`, `TextIndex`) against SQLite's FTS5
/// itself: the same terms for every text and every code point, and the same bm25 scores.
@Suite struct TextEngineAgreementTests {
    /// FTS5's terms of `texts` (stem and source word, as bytes), one list per text, from the
    /// SQLite store's own tokenizer.
    static func sqliteTokens(_ texts: [String]) throws -> [[[UInt8]]] {
        try DatabaseQueue().read { db in
            let tokenizer = try db.makeTokenizer(SQLitePaperStore.tokenizer)
            return try texts.map { text in
                try SQLitePaperStore.tokens(of: text, with: tokenizer).flatMap { [Array($0.stem.utf8), Array($0.word.utf8)] }
            }
        }
    }

    /// Core's terms of `text`, in the same shape.
    static func coreTokens(_ text: String) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        return TextTokenizer.tokens(text).flatMap { token in
            [Array(token.text.utf8), Array(String(decoding: bytes[token.utf8Range], as: UTF8.self).utf8)]
        }
    }

    @Test func theSampleCorpusTokenizesAlike() throws {
        let texts = try samplePapers().flatMap(TextIndex.columnTexts(of:))
        let sqlite = try Self.sqliteTokens(texts)
        #expect(sqlite.joined().count > 2_000)
        for (text, expected) in zip(texts, sqlite) {
            #expect(Self.coreTokens(text) == expected, "\(text.prefix(80))")
        }
    }

    /// Every code point of the planes FTS5's tables describe (0, 1, 2 and 14; the others
    /// are uniform, so a sample of them), inside a word and alone. FTS5 answers from
    /// Unicode 6.1-era tables, so this is where a tokenizer built on Swift's own Unicode
    /// properties would differ.
    @Test func everyCodePointTokenizesAlike() throws {
        let described: Set<UInt32> = [0, 1, 2, 14]
        let scalars = (1...0x10FFFF).compactMap { (value: UInt32) -> Unicode.Scalar? in
            described.contains(value >> 16) || value % 97 == 0 ? Unicode.Scalar(value) : nil
        }
        for start in stride(from: 0, to: scalars.count, by: 8_192) {
            let chunk = scalars[start..<min(start + 8_192, scalars.count)]
            let pieces = chunk.map { c in "a\(c)b \(c)" }
            let sqlite = try Self.sqliteTokens(pieces)
            let mismatched = zip(chunk, zip(pieces, sqlite)).first { Self.coreTokens($1.0) != $1.1 }
            #expect(mismatched == nil, "U+\(String(mismatched?.0.value ?? 0, radix: 16, uppercase: true))")
        }
    }

    /// Random words built from the suffixes Porter's rules test.
    @Test func randomWordsStemAlike() throws {
        var random = SeededRandom(seed: 42)
        let letters = Array("abcdefghijklmnopqrstuvwxyzaeiouyy")
        let suffixes = ["", "s", "es", "ies", "sses", "ed", "eed", "ing", "y", "ational", "tional", "enci", "anci", "izer", "logi",
                        "bli", "alli", "entli", "eli", "ousli", "ization", "ation", "ator", "alism", "iveness", "fulness", "ousness",
                        "aliti", "iviti", "biliti", "icate", "ative", "alize", "iciti", "ical", "ful", "ness", "al", "ance", "ence",
                        "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "sion", "tion", "ou", "ism", "ate", "iti", "ous",
                        "ive", "ize", "e", "ll", "at", "bl", "iz"]
        let words = (0..<20_000).map { _ in
            String((0..<Int.random(in: 1...7, using: &random)).map { _ in letters.randomElement(using: &random)! })
                + suffixes.randomElement(using: &random)!
        }
        let sqlite = try Self.sqliteTokens(words)
        for (word, expected) in zip(words, sqlite) {
            #expect(Self.coreTokens(word) == expected, "\(word)")
        }
    }

    /// Both stores over the sample corpus, written in id order (so that SQLite's row order,
    /// which breaks its ties, is the id order the in-memory store breaks them by).
    static func bothStores(_ dir: TemporaryDirectory) async throws -> (SQLitePaperStore, InMemoryPaperStore) {
        let papers = try samplePapers().sorted { $0.id < $1.id }
        let sqlite = try SQLitePaperStore(path: dir.path("papers.sqlite"))
        let memory = InMemoryPaperStore()
        _ = try await sqlite.upsert(papers)
        _ = try await memory.upsert(papers)
        return (sqlite, memory)
    }

    static let queries = [
        "learning", "video generation", "\"language model\"", "abs:model -video", "model OR agent", "vis*", "cat:cs.CV image",
        "au:wang", "ti:diffusion", "reasoning OR planning -cat:cs.CL", "\"large language\" agents", "transform* attention",
        "au:\"Kai Li\"", "data -data", "Müller", "deep learning OR graph", "benchmark evaluating", "lang* mod*",
        "cat:cs.CV", "cat:cs -cat:cs.CV", "cat:cs.AI cat:cs.LG", "-cat:cs.CV", "-learning",
    ]

    @Test func searchesAgreeWithSQLite() async throws {
        let dir = try TemporaryDirectory()
        let (sqlite, memory) = try await Self.bothStores(dir)
        var scored = 0
        for text in Self.queries {
            for (since, until) in [(nil, nil), (Day("2025-06-01"), nil), (Day("2025-01-01"), Day("2025-12-31"))] {
                let request = SearchRequest(query: SearchQuery.parse(text), since: since, until: until, limit: 100)
                let expected = try await sqlite.search(request), got = await memory.search(request)
                let context = "\(text) \(since?.description ?? "-") \(until?.description ?? "-")"
                #expect(got.total == expected.total, "\(context)")
                #expect(ids(got) == ids(expected), "\(context)")
                for (ours, theirs) in zip(got.hits, expected.hits) {
                    #expect(abs(ours.score - theirs.score) <= 1e-9 * abs(theirs.score), "\(context): \(ours.paper.id)")
                    if theirs.score != 0 { scored += 1 }
                }
                // Pages are slices of the whole.
                let page = await memory.search(SearchRequest(query: request.query, since: since, until: until, limit: 3, offset: 2))
                #expect(ids(page) == Array(ids(got).dropFirst(2).prefix(3)), "\(context)")
            }
        }
        #expect(scored > 200)
    }

    @Test func digestChoicesAndSimilarListsAgreeWithSQLite() async throws {
        let dir = try TemporaryDirectory()
        let (sqlite, memory) = try await Self.bothStores(dir)
        let window = Day("2025-01-01")!...Day("2026-12-31")!
        for text in [nil, "learning", "cat:cs.CV", "model OR agent -video"] {
            let query = text.map { SearchQuery.parse($0) }
            let expected = try await sqlite.papersAppeared(in: window, matching: query, limit: 10)
            let got = await memory.papersAppeared(in: window, matching: query, limit: 10)
            #expect(got.map(\.paper.id) == expected.map(\.paper.id), "\(text ?? "no query")")
            #expect(zip(got, expected).allSatisfy { abs($0.score - $1.score) <= 1e-9 * abs($1.score) }, "\(text ?? "no query")")
        }
        var compared = 0
        for paper in try samplePapers() {
            let expected = try #require(try await sqlite.similar(to: paper.id, limit: 30))
            let got = try #require(await memory.similar(to: paper.id, limit: 30))
            #expect(got.map(\.paper.id) == expected.map(\.paper.id), "\(paper.id)")
            #expect(zip(got, expected).allSatisfy { abs($0.score - $1.score) <= 1e-6 * abs($1.score) }, "\(paper.id)")
            compared += expected.count
        }
        #expect(compared > 100)
    }
}
