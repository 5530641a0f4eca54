import Foundation
import PaperboyCore
import PaperboyTestSupport
import Testing

@Suite struct RankFusionTests {
    @Test func papersRankedWellByBothRankingsComeFirst() {
        let fusion = RankFusion(k: 10, weights: [1, 1])
        let fused = fusion.fuse([["a", "b", "c"], ["c", "d", "a"]])
        // a: 1/11 + 1/13, c: 1/13 + 1/11 (a tie, broken by first appearance), b: 1/12, d: 1/12.
        #expect(fused.map(\.id) == ["a", "c", "b", "d"])
        #expect(abs(fused[0].score - (1.0 / 11 + 1.0 / 13)) < 1e-12)
        #expect(abs(fused[2].score - 1.0 / 12) < 1e-12)
    }

    @Test func weightsAndKShiftTheBalance() {
        // With the second ranking weighted 3x, its top paper wins over the first's.
        let weighted = RankFusion(k: 60, weights: [1, 3]).fuse([["a", "b"], ["b", "x"]])
        #expect(weighted.first?.id == "b")
        let heavy = RankFusion(k: 60, weights: [1, 3]).fuse([["a", "z"], ["x", "a"]])
        #expect(heavy.first?.id == "a", "in both lists beats first in one")
        // A small k lets a first place beat third places in both lists (1/(k+1) > 2/(k+3)
        // when k < 1); a large k does not.
        let rankings = [["solo", "x", "both"], ["other", "y", "both"]]
        #expect(RankFusion(k: 0.5, weights: [1, 1]).fuse(rankings).first?.id == "solo")
        #expect(RankFusion(k: 60, weights: [1, 1]).fuse(rankings).first?.id == "both")
        #expect(RankFusion.hybrid.fuse([[String](), []]).isEmpty)
    }
}

@Suite struct RetrievalMetricsTests {
    @Test func ndcgAndRecallHaveTheirTextbookValues() {
        let relevant = ["d1": 1, "d2": 1]
        #expect(RetrievalMetrics.ndcg(ranking: ["d1", "d2", "x"], relevant: relevant) == 1)
        // Relevant at ranks 2 and 3: (1/log2(3) + 1/log2(4)) / (1 + 1/log2(3)).
        let expected = (1 / log2(3.0) + 0.5) / (1 + 1 / log2(3.0))
        #expect(abs(RetrievalMetrics.ndcg(ranking: ["x", "d1", "d2"], relevant: relevant) - expected) < 1e-12)
        #expect(RetrievalMetrics.ndcg(ranking: ["x", "y"], relevant: relevant) == 0)
        // Beyond the cutoff counts for nothing.
        #expect(RetrievalMetrics.ndcg(ranking: Array(repeating: "x", count: 10) + ["d1"], relevant: relevant) == 0)
        #expect(RetrievalMetrics.recall(ranking: ["d2", "x"], relevant: relevant) == 0.5)
        #expect(RetrievalMetrics.recall(ranking: ["d1", "d2"], relevant: [:]) == 0)
    }
}

@Suite struct HybridQueryTests {
    @Test func anyWordsKeepsContentWordsInOneGroup() {
        let query = SearchQuery.parse("the effect of Preconditioning on second-order optimizers -adam cat:cs.LG")
        let relaxed = query.anyWords
        #expect(relaxed.required.count == 1)
        let words = relaxed.required[0].map(\.text)
        #expect(words.contains("Preconditioning") && words.contains("optimizers"))
        #expect(!words.contains("the") && !words.contains("of") && !words.contains("on"))
        #expect(relaxed.excluded == query.excluded && relaxed.categories == ["cs.LG"])
        // Only function words: they stay, or nothing would match.
        #expect(SearchQuery.parse("what is it").anyWords.required == [SearchQuery.parse("what is it").required.flatMap { $0 }])
        #expect(query.meaningText.contains("Preconditioning") && !query.meaningText.contains("adam"))
    }

    @Test func filtersAreCheckedOnEachPaper() {
        let paper = Paper(id: PaperID.parse("2401.00001")!.id, title: "Video diffusion", abstract: "We generate video.",
                          authors: ["Ada Lovelace", "Alan Turing"], categories: ["cs.CV", "cs.LG"], published: Day("2024-01-05"))
        func admits(_ text: String, since: String? = nil, until: String? = nil) -> Bool {
            SearchRequest(query: SearchQuery.parse(text), since: since.flatMap { Day($0) }, until: until.flatMap { Day($0) }).admits(paper)
        }
        #expect(admits("video"))
        #expect(admits("video cat:cs.CV") && admits("video cat:cs") && !admits("video cat:cs.CL") && !admits("video -cat:cs.LG"))
        #expect(admits("video au:turing") && !admits("video au:hopper"))
        #expect(!admits("video -diffusion") && admits("video -audio"))
        #expect(admits("video", since: "2024-01-01", until: "2024-01-05") && !admits("video", since: "2024-01-06"))
        #expect(SearchQuery.parse("video au:turing").hasFilters && !SearchQuery.parse("video diffusion").hasFilters)
    }
}

@Suite struct BEIRDatasetTests {
    @Test func readsTheLayoutAndReportsBadLines() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path("qrels"), withIntermediateDirectories: true)
        try """
            {"_id": "d1", "title": "Shampoo", "text": "Preconditioned stochastic tensor optimization."}
            {"_id": 2, "title": "", "text": "A document with a numeric id."}
            {"_id": "d3", "title": "broken
            {"title": "no id", "text": "x"}
            """.write(toFile: dir.path("corpus.jsonl"), atomically: true, encoding: .utf8)
        try """
            {"_id": "q1", "text": "second-order optimizer preconditioning"}
            {"_id": "q2", "text": "not judged in this split"}
            """.write(toFile: dir.path("queries.jsonl"), atomically: true, encoding: .utf8)
        try "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\t2\t0\nbad line\n".write(toFile: dir.path("qrels/test.tsv"), atomically: true, encoding: .utf8)
        let dataset = try BEIRDataset(directory: dir.path(""), split: "test")
        #expect(dataset.documents.map(\.id) == ["d1", "2"])
        #expect(dataset.queries.map(\.id) == ["q1"])
        #expect(dataset.judgments == ["q1": ["d1": 1]])
        #expect(dataset.problems.count == 3)
        #expect(dataset.problems.contains { $0.hasSuffix("corpus.jsonl:3: not a JSON object") })
        #expect(dataset.problems.contains { $0.hasSuffix("corpus.jsonl:4: expected _id") })
        #expect(dataset.problems.contains { $0.contains("test.tsv:4:") })
        #expect(throws: BEIRDataset.Missing.self) { try BEIRDataset(directory: dir.path(""), split: "train") }
    }
}
