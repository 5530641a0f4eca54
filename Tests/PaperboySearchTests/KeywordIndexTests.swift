import Foundation
import PaperboyCore
@testable import PaperboySearch
import PaperboyTestSupport
import Testing

/// The pruning index gives exactly the exhaustive scorer's top k (`TextIndex`, which the
/// store suite holds to FTS5's scores) on seeded random queries over a corpus large enough
/// for many blocks per list. The long tests yield as they go: Swift Testing runs test bodies on
/// the cooperative pool (one thread a core), and a body that holds a thread for minutes stalls
/// every other test's awaits, so tests waiting for a server time out.
@Suite struct KeywordIndexTests {
    /// 3,000 papers whose words come from the real sample's abstracts with a skewed
    /// distribution (a few words in thousands of papers, many in a handful).
    static func corpus(seed: UInt64 = 7, count: Int = 3_000) throws -> (papers: [Paper], words: [String]) {
        var (reader, _) = try RecordReaders.open(path: TestFixtures.core("papers-sample.jsonl"), format: .jsonl)
        var sample: [Paper] = []
        while let record = try reader.next() { if case .paper(let p, _) = record { sample.append(p) } }
        var seen = Set<String>()
        let words = sample.flatMap { ($0.title + " " + ($0.abstract ?? "")).split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() } }
            .filter { $0.count > 2 && seen.insert($0).inserted }
        let authors = sample.flatMap(\.authors)
        let categories = ["cs.CV", "cs.LG", "cs.CL", "stat.ML", "hep-th", "math.AG", "eess.IV"]
        var random = SeededRandom(seed: seed)
        func word() -> String {
            // Squared uniform: low ranks (frequent words) far more often.
            let u = Double.random(in: 0..<1, using: &random)
            return words[Int(u * u * u * Double(words.count))]
        }
        func text(_ range: ClosedRange<Int>) -> String {
            let length = Int.random(in: range, using: &random)
            return (0..<length).map { _ in word() }.joined(separator: " ")
        }
        var papers: [Paper] = []
        for i in 0..<count {
            let id = PaperID.parse(String(format: "2401.%05d", i + 1))!.id
            let title = text(3...10)
            let abstract: String? = i % 50 == 0 ? nil : text(20...160)
            let authorCount = Int.random(in: 1...6, using: &random)
            let paperAuthors: [String] = (0..<authorCount).map { _ in authors.randomElement(using: &random)! }
            let categoryCount = Int.random(in: 1...3, using: &random)
            let paperCategories = Array(categories.shuffled(using: &random).prefix(categoryCount))
            let month = Int.random(in: 1...12, using: &random), day = Int.random(in: 1...28, using: &random)
            let published: Day? = i % 37 == 0 ? nil : Day(year: 2024, month: month, day: day)
            papers.append(Paper(id: id, title: title, abstract: abstract, authors: paperAuthors, categories: paperCategories,
                                published: published))
        }
        return (papers, words)
    }

    /// What the exhaustive scorer ranks first: best score, then id.
    /// A paper of the given words (shuffled) in `cs.LG`, published on a random day of 2024.
    static func paper(_ id: String, title: [String], abstract: [String], random: inout SeededRandom) -> Paper {
        let day = Day(year: 2024, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))
        return Paper(id: PaperID.parse(id)!.id, title: title.shuffled(using: &random).joined(separator: " "),
                     abstract: abstract.shuffled(using: &random).joined(separator: " "), authors: ["A. Author"],
                     categories: ["cs.LG"], published: day)
    }

    static func expected(_ reference: TextIndex, _ papers: [PaperID: Paper], _ query: TextQuery,
                         since: Day?, until: Day?, limit: Int) -> [KeywordIndex.Hit] {
        func admitted(_ id: PaperID) -> Bool {
            guard since != nil || until != nil else { return true }
            guard let day = papers[id]?.published else { return false }
            if let since, day < since { return false }
            if let until, day > until { return false }
            return true
        }
        let hits: [KeywordIndex.Hit] = reference.matches(query).compactMap { id, score in
            admitted(id) ? KeywordIndex.Hit(id: id, score: score) : nil
        }
        let ranked = hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        return Array(ranked.prefix(limit))
    }

    /// Built one paper at a time, and as a build from the store builds it (papers tokenized
    /// apart with remembered stems, the top lists made once at the end), the index answers as
    /// the exhaustive scorer does. One test for both, so the exhaustive answers are computed once.
    @Test func topKEqualsTheExhaustiveScorerOnRandomQueries() async throws {
        let (papers, words) = try Self.corpus()
        var index = KeywordIndex(), bulk = KeywordIndex(), reference = TextIndex()
        var analyser = PaperAnalyser()
        for (number, paper) in papers.enumerated() {
            index.add(paper)
            bulk.add(analyser.analyse(paper), inBulk: true)
            reference.index(paper)
            if number % 25 == 0 { await Task.yield() }
        }
        #expect(!bulk.postings.contains { $0.top != nil }, "no top list before the end of a bulk build")
        bulk.finishBulk()
        #expect(bulk.postings.contains { $0.top != nil }, "the corpus has frequent terms")
        // Totals of frequent words come from bitmaps in both kinds of build; one built a paper
        // at a time keeps those of words that were frequent among its first papers too.
        #expect(!bulk.denseDocuments.isEmpty && Set(bulk.denseDocuments.keys).isSubset(of: index.denseDocuments.keys))
        try await Self.expectExhaustiveAnswers([index, bulk], reference: reference, papers: papers, words: words)
    }

    /// Seeded random queries (fields, categories, exclusions, OR, dates, limits) answered by
    /// every one of `indexes` as the exhaustive scorer answers them, totals included.
    static func expectExhaustiveAnswers(_ indexes: [KeywordIndex], reference: TextIndex, papers: [Paper], words: [String]) async throws {
        let byID = Dictionary(uniqueKeysWithValues: papers.map { ($0.id, $0) })
        var random = SeededRandom(seed: 11)
        var checked = 0, nonEmpty = 0
        for round in 0..<240 {
            await Task.yield()
            let count = Int.random(in: 1...4, using: &random)
            // Mostly frequent words (long lists, where pruning matters), some rare ones.
            let terms = (0..<count).map { _ in words[Int(pow(Double.random(in: 0..<1, using: &random), 3) * Double(words.count))] }
            var text = terms.joined(separator: " ")
            switch round % 8 {
            case 1: text = "ti:\(terms[0]) " + terms.dropFirst().joined(separator: " ")
            case 2: text += " cat:cs.CV"
            case 3: text += " -" + words[Int.random(in: 0..<50, using: &random)]
            case 4: text += " -cat:cs.LG"
            case 5: text = terms.joined(separator: " OR ")
            default: break
            }
            var query = SearchQuery.parse(text)
            if round % 8 == 6 { query = query.anyWords }
            guard let textQuery = TextQuery(query) else { continue }
            let since: Day? = round % 5 == 0 ? Day("2024-03-01") : nil
            let until: Day? = round % 7 == 0 ? Day("2024-09-30") : nil
            let limit = [1, 10, 20, 100][round % 4]
            let all = Self.expected(reference, byID, textQuery, since: since, until: until, limit: .max)
            let want = Array(all.prefix(limit))
            for (number, index) in indexes.enumerated() {
                let got = try #require(index.search(textQuery, since: since, until: until, limit: limit), "\(text)")
                #expect(got == want, "index \(number), round \(round): \(text) since \(String(describing: since)) limit \(limit)")
                // The total, counted without scoring.
                #expect(index.count(textQuery, since: since, until: until) == all.count, "index \(number), round \(round): \(text)")
            }
            checked += 1
            if !want.isEmpty { nonEmpty += 1 }
        }
        #expect(checked >= 200 && nonEmpty >= 150, "\(checked) queries, \(nonEmpty) with matches")
    }

    /// A snapshot read in place (its postings and positions left in the mapped file) answers
    /// as the exhaustive scorer does, also once papers are added after loading (lists whose
    /// blocks lie partly in the file and partly in memory) and once that index is written and
    /// read in place again; its text features are those of an index built in memory.
    @Test func aSnapshotReadInPlaceAnswersExactlyAndGrows() async throws {
        let (papers, words) = try Self.corpus(seed: 5, count: 2_000)
        let directory = try TemporaryDirectory()
        func saveAndMap(_ index: KeywordIndex, _ name: String) throws -> KeywordIndex {
            var writer = SnapshotWriter()
            index.write(to: &writer)
            try SnapshotFile.write(writer.bytes, magic: 1, version: 1, to: directory.path(name))
            return try SnapshotFile.read(directory.path(name), magic: 1, version: 1) { reader, mapping in
                try KeywordIndex(reading: &reader, mapping: mapping)
            }
        }
        var built = KeywordIndex(), reference = TextIndex()
        for paper in papers.prefix(1_400) {
            built.add(paper)
            reference.index(paper)
        }
        var mapped = try saveAndMap(built, "first")
        #expect(mapped.mapping != nil && mapped.positions.tail.isEmpty)
        #expect(mapped.postings.contains { $0.bytes.tail.isEmpty && $0.bytes.count > 0 }, "lists read in place")
        #expect(mapped.postings.contains { !$0.bytes.tail.isEmpty && $0.bytes.tail.count < $0.bytes.count }, "open blocks moved to memory")
        for (number, paper) in papers.dropFirst(1_400).enumerated() {
            built.add(paper)
            mapped.add(paper)
            reference.index(paper)
            if number % 25 == 0 { await Task.yield() }
        }
        let again = try saveAndMap(mapped, "second")
        try await Self.expectExhaustiveAnswers([mapped, again], reference: reference, papers: papers, words: words)
        var random = SeededRandom(seed: 8)
        for _ in 0..<50 {
            let text = (0..<3).map { _ in words[Int.random(in: 0..<min(300, words.count), using: &random)] }.joined(separator: " ")
            for paper in [papers[Int.random(in: 0..<1_400, using: &random)], papers[Int.random(in: 1_400..<2_000, using: &random)]] {
                let expected = built.textFeatures(of: paper.id, query: built.textQuery(text))
                #expect(expected != nil)
                #expect(mapped.textFeatures(of: paper.id, query: mapped.textQuery(text)) == expected, "\(text) in \(paper.id)")
                #expect(again.textFeatures(of: paper.id, query: again.textQuery(text)) == expected, "\(text) in \(paper.id), again")
            }
        }
    }

    @Test func aPaperIndexedAgainReplacesItsEarlierVersion() async throws {
        let (papers, words) = try Self.corpus(count: 600)
        var index = KeywordIndex(), reference = TextIndex()
        for (number, paper) in papers.enumerated() {
            index.add(paper)
            reference.index(paper)
            if number % 25 == 0 { await Task.yield() }
        }
        // New versions of every tenth paper, about something else entirely, in no order (the
        // tombstones are kept in order for the walks over them).
        var random = SeededRandom(seed: 5)
        for paper in papers.enumerated().filter({ $0.offset % 10 == 0 }).map(\.element).shuffled(using: &random) {
            var changed = paper
            changed.title = "zebra crossing"
            changed.abstract = "Zebras cross roads."
            index.add(changed)
            reference.index(changed)
        }
        #expect(index.count == 600)
        #expect(index.deadShare > 0.09)
        let byID = Dictionary(uniqueKeysWithValues: papers.map { ($0.id, $0) })
        // The frequent words' bitmaps hold the replaced versions too: totals leave them out.
        #expect(!index.denseDocuments.isEmpty)
        #expect(index.dead == index.dead.sorted())
        let frequent = "\(words[0]) \(words[1])", mixed = "\(words[0]) zebra", either = "\(words[0]) \(words[2]) OR \(words[3])"
        // Words of every frequency, their lists holding tombstones.
        let spread = stride(from: 0, to: min(words.count, 400), by: 40).map { words[$0] }
        for text in ["zebra", "zebra cross", papers[0].title.split(separator: " ").first.map(String.init) ?? "x", "roads OR zebras",
                     frequent, mixed, either] + spread {
            let query = try #require(TextQuery(SearchQuery.parse(text)))
            #expect(index.search(query, limit: 50) == Self.expected(reference, byID, query, since: nil, until: nil, limit: 50), "\(text)")
            for since in [nil, Day("2024-03-01")] {
                let all = Self.expected(reference, byID, query, since: since, until: nil, limit: .max)
                #expect(index.count(query, since: since) == all.count, "\(text) since \(String(describing: since))")
            }
        }
        let zebra = try #require(TextQuery(SearchQuery.parse("zebra")))
        let zebras = try #require(index.search(zebra, limit: 100))
        #expect(zebras.count == 60)
    }

    /// A word frequent among the first papers only gets a bitmap then and lets it go once the
    /// documents have doubled past it (a server that started empty keeps no bitmaps of words
    /// that are rare by now).
    @Test func wordsFrequentOnlyAmongTheFirstPapersLetTheirBitmapsGo() throws {
        let (papers, _) = try Self.corpus(count: 2_100)
        var index = KeywordIndex()
        func zebraHasABitmap() -> Bool { index.termID(Array("zebra".utf8)).flatMap { index.denseDocuments[$0] } != nil }
        for (number, paper) in papers.enumerated() {
            var paper = paper
            if number < 100 { paper.title += " zebra" }
            index.add(paper)
            if number == 1_099 { #expect(zebraHasABitmap(), "100 of 1,100 papers") }
        }
        #expect(!zebraHasABitmap(), "100 of 2,100 papers, below a sixteenth since 2,048")
        #expect(index.denseMadeAt == 2_048)
        let zebra = try #require(TextQuery(SearchQuery.parse("zebra")))
        #expect(index.count(zebra) == 100)
    }

    @Test func phrasesAndPrefixesAreLeftToTheStore() throws {
        var index = KeywordIndex()
        index.add(Paper(id: PaperID.parse("2401.00001")!.id, title: "Masked autoencoders", categories: ["cs.CV"]))
        #expect(index.search(try #require(TextQuery(SearchQuery.parse("\"masked autoencoders\""))), limit: 10) == nil)
        #expect(index.search(try #require(TextQuery(SearchQuery.parse("autoenc*"))), limit: 10) == nil)
        // Categories are phrases of their own column, which the index checks itself.
        #expect(index.search(try #require(TextQuery(SearchQuery.parse("masked cat:cs.CV"))), limit: 10)?.count == 1)
        #expect(index.search(try #require(TextQuery(SearchQuery.parse("masked cat:cs.LG"))), limit: 10)?.isEmpty == true)
        #expect(index.search(try #require(TextQuery(SearchQuery.parse("unknownword"))), limit: 10)?.isEmpty == true)
    }

    /// A term in every paper gets a top list: one-term queries answer from it, others fall
    /// back to the walk with its bound as a cap; papers replaced (tombstones, some among its
    /// best) and papers added after it was made (some entering it) change nothing, nor a
    /// snapshot's round trip.
    @Test func topListsOfFrequentTermsGiveTheExactTopK() async throws {
        var random = SeededRandom(seed: 23)
        func paper(_ number: Int, boosted: Bool = false) -> Paper {
            func words(_ word: String, _ range: ClosedRange<Int>) -> [String] {
                Array(repeating: word, count: Int.random(in: range, using: &random))
            }
            let filler = (0..<Int.random(in: 0...40, using: &random)).map { _ in "w\(Int.random(in: 0..<300, using: &random))" }
            let title = words("alpha", boosted ? 3...4 : 0...1) + words("beta", 0...1) + ["t\(number)"]
            let abstract = words("alpha", 1...4) + words("beta", 0...2) + words("gamma", 0...1) + filler
            return Self.paper(String(format: "2402.%05d", number), title: title, abstract: abstract, random: &random)
        }
        var both = IndexAndReference()
        func add(_ p: Paper) { both.add(p) }
        var index: KeywordIndex { both.index }
        var reference: TextIndex { both.reference }
        var papers: [PaperID: Paper] { both.papers }
        for number in 1...3_000 {
            add(paper(number))
            if number % 25 == 0 { await Task.yield() }
        }
        let alpha = try #require(index.termID(Array("alpha".utf8)))
        let made = try #require(index.postings[alpha].top)
        #expect(made.documents.count == PostingList.topListCapacity(made.madeAt) && made.tail > 0)
        // Replace some of the best papers (their old versions are tombstones in the list),
        // and add papers after the list was made, some good enough to enter it.
        for document in made.documents.prefix(30) { add(paper(Int(document) + 1, boosted: document % 2 == 0)) }
        for number in 3_001...3_600 { add(paper(number, boosted: number % 40 == 0)) }
        #expect(index.postings[alpha].top?.madeAt == made.madeAt)

        func check(_ index: KeywordIndex, _ label: String) async throws {
            for text in ["alpha", "alpha beta", "alpha OR gamma", "ti:alpha", "alpha -gamma", "alpha t17", "beta"] {
                let query = try #require(TextQuery(SearchQuery.parse(text)))
                for limit in [1, 10, 50, 400] {
                    await Task.yield()
                    for (since, until) in [(nil, nil), (Day("2024-06-01"), Day("2024-06-03"))] as [(Day?, Day?)] {
                        let want = Self.expected(reference, papers, query, since: since, until: until, limit: limit)
                        #expect(index.search(query, since: since, until: until, limit: limit) == want, "\(label): \(text) limit \(limit)")
                        // Several words reading the top lists as deep as they go (at this size
                        // only millions of papers would make them).
                        if text.contains(" "), limit <= 50 {
                            #expect(index.search(query, since: since, until: until, limit: limit, deeperReadRatio: 0) == want,
                                    "\(label): \(text) limit \(limit), deeper")
                        }
                    }
                }
            }
        }
        try await check(index, "built")
        var writer = SnapshotWriter()
        index.write(to: &writer)
        let bytes = writer.bytes
        let read = try bytes.withUnsafeBytes { buffer in
            var reader = SnapshotReader(buffer)
            return try KeywordIndex(reading: &reader)
        }
        #expect(read.postings[alpha].top != nil)
        try await check(read, "read")
        // Doubling the postings makes the list anew.
        for number in 3_601...6_000 {
            add(paper(number))
            if number % 25 == 0 { await Task.yield() }
        }
        #expect(index.postings[alpha].top!.madeAt > made.madeAt)
        try await check(index, "grown")
    }

    /// The positions the index keeps give the same text features as the papers' own text
    /// (tokenized again), before and after a snapshot, and a hostile abstract keeps a bounded
    /// number of them.
    @Test func positionsGiveTheFeaturesOfThePapersText() throws {
        let corpus = try Self.corpus(seed: 11, count: 400)
        var papers = corpus.papers
        let words = corpus.words
        let long = (0..<5_000).map { words[$0 % words.count] }.joined(separator: " ")
        papers.append(Paper(id: PaperID.parse("2401.99999")!.id, title: words[0] + " " + words[1], abstract: long))
        var index = KeywordIndex()
        for paper in papers { index.add(paper) }
        var writer = SnapshotWriter()
        index.write(to: &writer)
        let read = try writer.bytes.withUnsafeBytes { buffer in
            var reader = SnapshotReader(buffer)
            return try KeywordIndex(reading: &reader)
        }
        #expect(read.positionTotals == index.positionTotals)
        var random = SeededRandom(seed: 3)
        for _ in 0..<100 {
            let text = (0..<Int.random(in: 1...4, using: &random)).map { _ in words[Int.random(in: 0..<min(200, words.count), using: &random)] }.joined(separator: " ")
            let query = index.textQuery(text)
            for paper in papers.shuffled(using: &random).prefix(20) {
                func terms(_ text: String) -> [Int] { TextTokenizer.tokens(text).map { index.termID($0.term) ?? -1 } }
                let title = Array(terms(paper.title).prefix(KeywordIndex.maximumPositions))
                let abstract = Array(terms(paper.abstract ?? "").prefix(KeywordIndex.maximumPositions - title.count))
                let expected = TextMatchFeatures.of(title: title, abstract: abstract, query: query)
                #expect(index.textFeatures(of: paper.id, query: query) == expected, "\(text) in \(paper.id)")
                #expect(read.textFeatures(of: paper.id, query: read.textQuery(text)) == expected, "\(text) in \(paper.id), read back")
            }
        }
        let document = Int(index.documentOf[papers.last!.id]!)
        let record = index.positions.tail[Int(index.positionStarts[document])..<Int(index.positionStarts[document + 1])]
        #expect(record.filter { $0 < 0x80 }.count == KeywordIndex.maximumPositions + 1, "the title count and 320 terms")
    }
}

/// The index and the exhaustive scorer, fed the same papers.
struct IndexAndReference {
    var index = KeywordIndex()
    var reference = TextIndex()
    var papers: [PaperID: Paper] = [:]

    mutating func add(_ paper: Paper) {
        index.add(paper)
        reference.index(paper)
        papers[paper.id] = paper
    }
}
