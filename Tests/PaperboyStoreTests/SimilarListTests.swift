import Foundation
import PaperboyCore
import Testing

/// Similar papers: computed by topic words, stored once, refreshed on demand, dropped when
/// a paper's words change. Runs against every store kind.
@Suite struct SimilarListTests {
    /// Three topics of four papers each among filler papers, so that topic words are
    /// neither too rare nor too common to choose.
    static func corpus() -> [Paper] {
        let topics = [
            ("video", "Video diffusion tokenizer", "A video tokenizer for video diffusion models compresses video clips into tokens."),
            ("graph", "Graph neural networks for molecules", "Graph neural networks predict molecule properties from molecular graph structure."),
            ("quantum", "Quantum error correction with surface codes", "Surface codes protect qubits; quantum error correction decodes syndromes of surface codes."),
        ]
        var papers: [Paper] = []
        for (t, (name, title, abstract)) in topics.enumerated() {
            for i in 1...4 {
                papers.append(paper("2401.0\(t)00\(i)", "\(title) \(i)", abstract: "\(abstract) Variant \(name)\(i) studies it again.",
                                    published: "2024-01-1\(i)"))
            }
        }
        let filler = ["sorting algorithms", "protein folding", "stellar spectra", "market microstructure", "soil erosion",
                      "bird migration", "urban traffic", "glacier melting"]
        for (i, topic) in filler.enumerated() {
            papers.append(paper("2402.0000\(i)", "A study of \(topic)", abstract: "We measure \(topic) in detail and report \(topic) trends.",
                                published: "2024-02-0\(i + 1)"))
        }
        return papers
    }

    static func id(_ text: String) -> PaperID { PaperID.parse(text)!.id }

    @Test(arguments: StoreKind.allCases)
    func similarPapersShareTheTopicAndAreKept(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let papers = Self.corpus()
            _ = try await store.upsert(papers)
            #expect(try await store.similar(to: Self.id("2409.99999"), limit: 5) == nil)
            #expect(try await store.similarListsMissing() == papers.count)

            let video = try #require(try await store.similar(to: Self.id("2401.00001"), limit: 3))
            #expect(Set(video.map(\.paper.id.rawValue)) == ["2401.00002", "2401.00003", "2401.00004"])
            #expect(video.map(\.score) == video.map(\.score).sorted(by: >))
            let quantum = try #require(try await store.similar(to: Self.id("2401.02003"), limit: 3))
            #expect(Set(quantum.map(\.paper.id.rawValue)) == ["2401.02001", "2401.02002", "2401.02004"])
            // Both lists are stored now.
            #expect(try await store.similarListsMissing() == papers.count - 2)

            // A stored list is served as it is: a new video paper joins it only on refresh.
            _ = try await store.upsert([paper("2403.00001", "Video diffusion tokenizer 5",
                                              abstract: "A video tokenizer for video diffusion of video clips.", published: "2024-03-01")])
            let before = try #require(try await store.similar(to: Self.id("2401.00001"), limit: 30))
            #expect(!before.contains { $0.paper.id.rawValue == "2403.00001" })
            let refreshed = try await store.fillSimilarLists(limit: 100, refreshingBefore: Date().addingTimeInterval(60))
            #expect(refreshed == papers.count + 1)
            let after = try #require(try await store.similar(to: Self.id("2401.00001"), limit: 30))
            #expect(after.prefix(4).contains { $0.paper.id.rawValue == "2403.00001" })
        }
    }

    @Test(arguments: StoreKind.allCases)
    func fillingComputesEveryListOnceNewestFirst(kind: StoreKind) async throws {
        // The store's own clock, fixed: how long the test takes under load changes nothing.
        let clock = TestClock(TestClock.at("2026-03-10T09:00:00Z"))
        try await withStore(kind, now: clock.now) { store async throws in
            let papers = Self.corpus()
            _ = try await store.upsert(papers)
            var batches: [Int] = []
            while true {
                let computed = try await store.fillSimilarLists(limit: 5, refreshingBefore: .distantPast)
                if computed == 0 { break }
                batches.append(computed)
                #expect(batches.count <= papers.count)
            }
            #expect(batches.reduce(0, +) == papers.count)
            #expect(batches.dropLast().allSatisfy { $0 == 5 })
            #expect(try await store.similarListsMissing() == 0)
            // Nothing is computed twice, and nothing is older than a cutoff in the past.
            clock.set(TestClock.at("2026-03-10T09:10:00Z"))
            #expect(try await store.fillSimilarLists(limit: 5, refreshingBefore: TestClock.at("2026-03-10T08:59:00Z")) == 0)
            // Lists older than a later cutoff are refreshed, the oldest first, five at a time.
            #expect(try await store.fillSimilarLists(limit: 5, refreshingBefore: TestClock.at("2026-03-10T09:05:00Z")) == 5)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func changedWordsDropTheStoredList(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let papers = Self.corpus()
            _ = try await store.upsert(papers)
            _ = try await store.fillSimilarLists(limit: 100, refreshingBefore: .distantPast)
            // New upvotes leave the words alone: the list stays.
            var voted = papers[0]
            voted.upvotes = 40
            _ = try await store.upsert([voted])
            #expect(try await store.similarListsMissing() == 0)
            // A new version about another subject needs a new list.
            var revised = papers[0]
            revised.title = "Quantum error correction with surface codes 9"
            revised.abstract = "Surface codes and quantum error correction, revised."
            revised.version = 2
            _ = try await store.upsert([revised])
            #expect(try await store.similarListsMissing() == 1)
            let similar = try #require(try await store.similar(to: revised.id, limit: 3))
            #expect(similar.allSatisfy { $0.paper.title.hasPrefix("Quantum") })
        }
    }
}
