import Foundation
import PaperboyCore
import PaperboyTestSupport
import Testing

/// The behaviour every `PaperStore` must have. Each test runs against every store kind.
@Suite struct PaperStoreConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func storesEveryFieldAndReadsItBack(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let full = Paper(
                id: PaperID.parse("hep-th/9108002")!.id, title: "Hamiltonian construction of W-gravity actions",
                abstract: "We show that \"all\" W-gravity actions\\ can be constructed.", authors: ["A. Mikovic", "Zoë Ölçer"],
                categories: ["hep-th", "math-ph"], published: Day("1991-08-15"), updated: Day("1991-09-01"), version: 2,
                doi: "10.1016/0370-2693(92)90710-L", journalRef: "Phys.Lett.B278:51-55,1992", comments: "9 pages",
                codeRepository: "https://github.com/a/b", codeFoundInText: true, codeStars: 12, projectPage: "https://a.example/",
                aiSummary: "One line.", aiKeywords: ["W-gravity", "Zoë"], discussionComments: 4,
                thumbnail: "https://cdn-thumbnails.huggingface.co/x.png", submittedBy: "someone",
                upvotes: 3, listed: Day("1991-08-16"), sources: ["arxiv-abs", "text\twith\ttabs"]
            )
            let minimal = paper("2401.00001", "Only a title")
            #expect(try await store.upsert([full, minimal]) == UpsertCounts(inserted: 2))
            #expect(try await store.paper(id: full.id) == full)
            #expect(try await store.paper(id: minimal.id) == minimal)
            #expect(try await store.paper(id: PaperID.parse("2401.99999")!.id) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func reimportingMergesAndNeverDuplicates(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let v1 = paper("2401.00001", "First title", abstract: "about cats", categories: ["cs.LG"], version: 1, upvotes: 5, sources: ["a"])
            let other = paper("2401.00002", "Another paper", sources: ["a"])
            #expect(try await store.upsert([v1, other]) == UpsertCounts(inserted: 2))
            #expect(try await store.upsert([v1, other]) == UpsertCounts(unchanged: 2))
            let v2 = paper("2401.00001", "Second title", abstract: "about dogs", categories: ["cs.CV"], version: 2, upvotes: 2, sources: ["b"])
            #expect(try await store.upsert([v2]) == UpsertCounts(updated: 1))
            #expect(try await store.count() == 2)
            let stored = try #require(try await store.paper(id: v1.id))
            #expect(stored.title == "Second title")
            #expect(stored.upvotes == 5)
            #expect(stored.categories == ["cs.CV", "cs.LG"])
            #expect(stored.sources == ["a", "b"])
            // The index follows the new text: the old words no longer find it.
            #expect(ids(try await search(store, "cats")) == [])
            #expect(ids(try await search(store, "dogs")) == ["2401.00001"])
            #expect(ids(try await search(store, "second")) == ["2401.00001"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func duplicatesWithinOneBatchAreMerged(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let a = paper("2401.00001", "Title", upvotes: 1, sources: ["x"])
            let b = paper("2401.00001", "Title", upvotes: 9, sources: ["y"])
            #expect(try await store.upsert([a, b]) == UpsertCounts(inserted: 1))
            #expect(try await store.paper(id: a.id)?.upvotes == 9)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchIsWrittenWholeOrNotAtAll(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            var broken = paper("2401.00003", "Broken")
            broken.upvotes = -1  // the schema refuses it
            await #expect(throws: (any Error).self) {
                try await store.upsert([paper("2401.00001", "Good"), paper("2401.00002", "Also good"), broken])
            }
            #expect(try await store.count() == 0)
            #expect(try await search(store, "good").total == 0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func ranksTitleAboveAbstractAboveAuthors(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            _ = try await store.upsert([
                paper("2401.00003", "A survey of methods", authors: ["Anna Diffusion"]),
                paper("2401.00002", "Image generation", abstract: "We use diffusion models for images."),
                paper("2401.00001", "Diffusion models beat GANs", abstract: "Image synthesis."),
                paper("2401.00004", "Unrelated work", abstract: "Nothing here."),
            ])
            let results = try await search(store, "diffusion")
            #expect(ids(results) == ["2401.00001", "2401.00002", "2401.00003"])
            #expect(results.total == 3)
            #expect(results.hits.map(\.score) == results.hits.map(\.score).sorted(by: >))
            #expect(results.hits.allSatisfy { $0.score > 0 })
        }
    }

    @Test(arguments: StoreKind.allCases)
    func querySyntax(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            _ = try await store.upsert([
                paper("2401.00001", "Masked autoencoders are scalable vision learners", abstract: "A simple self-supervised method.",
                      authors: ["Kaiming He", "Xinlei Chen"], categories: ["cs.CV"]),
                paper("2401.00002", "Autoencoders with masked attention", abstract: "Language modelling with masks.",
                      authors: ["Jane Doe"], categories: ["cs.CL", "cs.LG"]),
                paper("2401.00003", "Medical image segmentation", abstract: "A vision model for scans, masked.",
                      authors: ["John Smith"], categories: ["eess.IV", "cs.CV"]),
                paper("2401.00004", "Graph neural networks", abstract: "Message passing.", categories: ["cs.LG"]),
            ])
            #expect(Set(ids(try await search(store, "masked autoencoders"))) == ["2401.00001", "2401.00002"])
            #expect(ids(try await search(store, "\"masked autoencoders\"")) == ["2401.00001"])
            #expect(ids(try await search(store, "ti:vision")) == ["2401.00001"])
            #expect(Set(ids(try await search(store, "vision"))) == ["2401.00001", "2401.00003"])
            #expect(ids(try await search(store, "au:\"Kaiming He\"")) == ["2401.00001"])
            #expect(ids(try await search(store, "au:smith")) == ["2401.00003"])
            #expect(Set(ids(try await search(store, "masked cat:cs.CV"))) == ["2401.00001", "2401.00003"])
            #expect(ids(try await search(store, "masked cat:cs.CV -medical")) == ["2401.00001"])
            #expect(ids(try await search(store, "masked -cat:cs.CV")) == ["2401.00002"])
            #expect(Set(ids(try await search(store, "graph OR segmentation"))) == ["2401.00003", "2401.00004"])
            #expect(Set(ids(try await search(store, "autoenc*"))) == ["2401.00001", "2401.00002"])
            // Filter-only queries list newest first; a category code is not a word of the text.
            #expect(try await search(store, "cat:cs.LG").total == 2)
            #expect(try await search(store, "cat:cs").total == 4)
            #expect(try await search(store, "cv").total == 0)
            // An id or URL finds that paper.
            #expect(ids(try await search(store, "https://arxiv.org/abs/2401.00004v2")) == ["2401.00004"])
            #expect(try await search(store, "2401.09999").total == 0)
            // Nothing positive selects nothing.
            #expect(try await search(store, "-masked").total == 0)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func codeAndVenueFiltersAndTheStarsOrder(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            func with(_ p: Paper, code: String? = nil, stars: Int? = nil, comments: String? = nil, journalRef: String? = nil) -> Paper {
                var p = p
                p.codeRepository = code
                p.codeStars = stars
                p.comments = comments
                p.journalRef = journalRef
                return p
            }
            _ = try await store.upsert([
                with(paper("2401.00001", "Diffusion for video", published: "2024-01-01"), code: "https://github.com/a/one", stars: 5,
                     comments: "Accepted at NeurIPS 2024"),
                with(paper("2401.00002", "Diffusion for images", published: "2024-01-02"), code: "https://github.com/a/two", stars: 50),
                with(paper("2401.00003", "Diffusion for audio", published: "2024-01-03"), code: "https://gitlab.com/a/three",
                     journalRef: "Proceedings of ICLR 2024"),
                with(paper("2401.00004", "Diffusion theory", published: "2024-01-04"), comments: "CVPR 2024 oral"),
                paper("2401.00005", "Graph theory", published: "2024-01-05"),
            ])
            #expect(ids(try await search(store, "has:code")) == ["2401.00003", "2401.00002", "2401.00001"], "newest first")
            #expect(Set(ids(try await search(store, "diffusion has:code"))) == ["2401.00001", "2401.00002", "2401.00003"])
            #expect(ids(try await search(store, "diffusion -has:code")) == ["2401.00004"])
            #expect(ids(try await search(store, "venue:neurips")) == ["2401.00001"])
            #expect(ids(try await search(store, "venue:\"ICLR 2024\"")) == ["2401.00003"])
            #expect(ids(try await search(store, "diffusion venue:CVPR")) == ["2401.00004"])
            #expect(try await search(store, "venue:100%").total == 0, "LIKE's wildcards are the reader's text")
            #expect(try await search(store, "has:code -diffusion").total == 0, "an excluded word alone selects nothing")
            let byStars = try await store.search(SearchRequest(query: SearchQuery.parse("diffusion"), sort: .stars))
            #expect(ids(byStars) == ["2401.00002", "2401.00001", "2401.00004", "2401.00003"], "stars, then the newest")
            #expect(byStars.total == 4)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func datesFilterAndPagesAreStable(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let papers = (1...25).map { i in
                paper(String(format: "2401.%05d", i), "Transformer study number \(i)", published: String(format: "2024-01-%02d", i))
            }
            _ = try await store.upsert(papers)
            let all = try await search(store, "transformer", limit: 100)
            #expect(all.total == 25)
            let page1 = try await search(store, "transformer", limit: 10, offset: 0)
            let page3 = try await search(store, "transformer", limit: 10, offset: 20)
            #expect(page1.total == 25)
            #expect(ids(page1) == Array(ids(all).prefix(10)))
            #expect(ids(page3) == Array(ids(all).suffix(5)))
            let january = try await search(store, "transformer", since: "2024-01-10", until: "2024-01-12")
            #expect(Set(ids(january)) == ["2401.00010", "2401.00011", "2401.00012"])
            #expect(january.total == 3)
            // A paper written after those searches is found by the next one.
            _ = try await store.upsert([paper("2401.00026", "Late transformer", published: "2024-01-11")])
            let again = try await search(store, "transformer", since: "2024-01-10", until: "2024-01-12")
            #expect(Set(ids(again)) == ["2401.00010", "2401.00011", "2401.00012", "2401.00026"])
            #expect(again.total == 4)
            #expect(try await search(store, "transformer", since: "2024-02-01").total == 0)
            // Dates alone browse by date, newest first.
            let browse = try await search(store, "", since: "2024-01-20")
            #expect(ids(browse) == ["2401.00025", "2401.00024", "2401.00023", "2401.00022", "2401.00021", "2401.00020"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func largeListingsAreNewestFirst(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            // Enough papers that a store may list them differently from a small set.
            let papers = (1...2_500).map { i in
                paper(String(format: "2402.%05d", i), "Paper \(i)", categories: i % 5 == 0 ? ["cs.LG"] : ["cs.CV", "cs.LG"],
                      published: i % 97 == 0 ? nil : Day(year: 2024, month: 1 + i % 12, day: 1 + i % 28)!.description)
            }
            _ = try await store.upsert(papers)
            let expected = papers.filter { $0.categories.contains("cs.CV") }
                .sorted { ($0.published?.description ?? "", $0.id.rawValue) > ($1.published?.description ?? "", $1.id.rawValue) }
                .map(\.id.rawValue)
            let first = try await search(store, "cat:cs.CV", limit: 50)
            #expect(first.total == 2_000)
            #expect(ids(first) == Array(expected.prefix(50)))
            let last = try await search(store, "cat:cs.CV", limit: 50, offset: 1_980)
            #expect(ids(last) == Array(expected.suffix(20)))
            let archive = try await search(store, "cat:cs -cat:cs.CV", limit: 10)
            #expect(archive.total == 500)
            #expect(archive.hits.allSatisfy { $0.paper.categories == ["cs.LG"] })
        }
    }

    @Test(arguments: StoreKind.allCases)
    func oddQueriesNeverFail(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            _ = try await store.upsert(try samplePapers())
            let odd = [
                "\"", "\"\"", "*", "**", "NEAR(", "NEAR(a b", "(", ")", "((a)", "a AND", "OR", "NOT", "- -", "a:b", "ti:",
                "au:\"", "cat:", "🎉", "learning 🎉", "^a", "{title}: x", "title:x", "x OR OR y", "\u{0}", "'; DROP TABLE papers; --",
                "a\"b\"c", "col:*", "\\", "+", "a*b*", String(repeating: "deep ", count: 200), "ÄÖÜ", "中文 检索",
            ]
            var rng = SeededRandom(seed: 1_000)
            let pieces = ["\"", "*", "(", ")", "NEAR", "OR", "AND", "NOT", "-", ":", "ti:", "au:", "cat:", "{", "}", "^", "learning", " ", "é", "🎉"]
            let random = (0..<1_000).map { _ in (0..<Int.random(in: 1...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() }
            for query in odd + random {
                let results = try await search(store, query)
                #expect(results.hits.count <= results.total, "query: \(query)")
            }
            #expect(try await store.count() == 41)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func statsAndExportPaging(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let papers = try samplePapers()
            _ = try await store.upsert(papers)
            let stats = try await store.stats()
            #expect(stats.papers == papers.count)
            #expect(stats.withAbstract == papers.filter { $0.abstract != nil }.count)
            #expect(stats.withUpvotes == papers.filter { $0.upvotes != nil }.count)
            #expect(stats.earliestPublished == papers.compactMap(\.published).min()?.description)
            #expect(stats.latestPublished == papers.compactMap(\.published).max()?.description)
            let counts = Dictionary(papers.flatMap(\.categories).map { ($0, 1) }, uniquingKeysWith: +)
            #expect(stats.topCategories.first?.papers == counts.values.max())
            #expect(stats.topCategories.allSatisfy { counts[$0.category] == $0.papers })
            #expect(stats.topCategories.count == min(10, counts.count))
            #expect(stats.databaseBytes > 0)

            var exported: [Paper] = []
            var after: PaperID?
            while true {
                let page = try await store.papers(after: after, limit: 7)
                guard let last = page.last else { break }
                exported += page
                after = last.id
            }
            #expect(exported == papers.sorted { $0.id < $1.id })
        }
    }
}
