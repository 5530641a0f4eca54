import Foundation
import PaperboyCore
import PaperboyTestSupport
import Testing

@Suite struct TextMatchFeaturesTests {
    static func query(_ terms: [Int], idf: [Double]? = nil) -> TextMatchFeatures.Query {
        TextMatchFeatures.Query(terms: terms, idf: idf ?? terms.map { _ in 1 }, averageTitle: 10, averageAbstract: 100)
    }

    @Test func proximityCountsNeighbouringWordsInOrderWithinTheWindow() {
        let videoGeneration = Self.query([1, 2])
        // "video generation" in the title; "generation video" is out of order.
        #expect(TextMatchFeatures.of(title: [5, 1, 2], abstract: [], query: videoGeneration).proximity == 1)
        #expect(TextMatchFeatures.of(title: [2, 1], abstract: [], query: videoGeneration).proximity == 0)
        // Within 3 words in the abstract counts, 4 does not.
        #expect(TextMatchFeatures.of(title: [], abstract: [1, 9, 9, 2], query: videoGeneration).proximity == 1)
        #expect(TextMatchFeatures.of(title: [], abstract: [1, 9, 9, 9, 2], query: videoGeneration).proximity == 0)
        // "Video" ending the title and "generation" opening the abstract are not a phrase.
        #expect(TextMatchFeatures.of(title: [7, 1], abstract: [2, 8], query: videoGeneration).proximity == 0)
        // Three words: two pairs, one of them together.
        #expect(TextMatchFeatures.of(title: [1, 2, 9, 9, 9, 9, 3], abstract: [], query: Self.query([1, 2, 3])).proximity == 0.5)
        // One word has no pairs.
        #expect(TextMatchFeatures.of(title: [1], abstract: [], query: Self.query([1])).proximity == 0)
    }

    @Test func coverageWeighsWordsByRarity() {
        // A rare word (idf 3) in the title, a common one (idf 1) only in the abstract.
        let features = TextMatchFeatures.of(title: [1, 9], abstract: [9, 2], query: Self.query([1, 2], idf: [3, 1]))
        #expect(features.titleCoverage == 0.75)
        #expect(features.coverage == 1)
        #expect(TextMatchFeatures.of(title: [9], abstract: [9], query: Self.query([1, 2])).coverage == 0)
    }

    @Test func eachColumnScoresAsBM25Alone() {
        // Term 1 twice in an abstract of 50 terms (average 100), idf 2: bm25's formula.
        let abstract = [1, 1] + Array(repeating: 9, count: 48)
        let features = TextMatchFeatures.of(title: [9, 9], abstract: abstract, query: Self.query([1], idf: [2]))
        let norm = TextIndex.k1 * (1 - TextIndex.b + TextIndex.b * 50 / 100)
        #expect(abs(features.abstractBM25 - 2 * 2 * (TextIndex.k1 + 1) / (2 + norm)) < 1e-12)
        #expect(features.titleBM25 == 0)
    }
}

@Suite struct LinearRankerTests {
    @Test func aPriorAloneCannotLiftTheLeastRelevantCandidateOverTheMostRelevant() {
        var random = SeededRandom(seed: 18)
        let count = RankingFeature.allCases.count
        for prior in RankingFeature.allCases where prior.isPrior {
            // However large its weight, a prior moves a paper by at most a quarter of the spread.
            var weights = LinearRanker.learned.weights
            for other in RankingFeature.allCases where other.isPrior { weights[other] = 0 }
            weights[prior] = 100
            let ranker = LinearRanker(weights: weights)
            for _ in 0..<200 {
                var rows = (0..<30).map { _ in (0..<count).map { _ in Double.random(in: 0...1, using: &random) } }
                let relevance = LinearRanker(weights: weights.filter { !$0.key.isPrior }).scores(rows)
                let best = relevance.indices.max { relevance[$0] < relevance[$1] }!
                let worst = relevance.indices.min { relevance[$0] < relevance[$1] }!
                guard relevance[best] > relevance[worst] else { continue }
                rows[best][prior.index] = 0
                rows[worst][prior.index] = 1
                let scores = ranker.scores(rows)
                #expect(scores[best] > scores[worst], "\(prior)")
            }
        }
    }

    @Test func featuresSwitchedOffWeighNothingAndWeightsRoundTrip() throws {
        var ranker = LinearRanker(weights: [.keywordRank: 1, .proximity: 2, .popularity: 0.1])
        let rows = [[0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]]
        #expect(ranker.order(rows) == [1, 0])
        ranker.off = [.proximity]
        #expect(ranker.weight(.proximity) == 0)
        #expect(ranker.order(rows) == [0, 1])
        let data = try JSONEncoder().encode(ranker)
        #expect(try JSONDecoder().decode(LinearRanker.self, from: data) == ranker)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LinearRanker.self, from: Data(#"{"weights": {"stars": 1}}"#.utf8)) }
        // A prior's weight counts within 0...priorCap.
        #expect(LinearRanker(weights: [.recency: 5]).weight(.recency) == LinearRanker.priorCap)
        #expect(LinearRanker(weights: [.recency: -1]).weight(.recency) == 0)
    }

    @Test func fittingFindsTheFeatureThatTellsRelevantPapersApart() {
        // Fusion ranks are noise; relevant papers have proximity 1, the others below ½.
        var random = SeededRandom(seed: 4)
        let examples = (0..<40).map { number -> RankingExample in
            let candidates = (0..<30).map { "q\(number)-\($0)" }
            var grades: [String: Int] = [:]
            let features = candidates.map { id -> [Double] in
                var row = Array(repeating: 0.0, count: RankingFeature.allCases.count)
                row[RankingFeature.keywordRank.index] = 1 / (10 + Double.random(in: 1...100, using: &random))
                row[RankingFeature.semanticRank.index] = 1 / (10 + Double.random(in: 1...100, using: &random))
                let relevant = Int.random(in: 0..<5, using: &random) == 0
                grades[id] = relevant ? 2 : 0
                row[RankingFeature.proximity.index] = relevant ? 1 : Double.random(in: 0..<0.5, using: &random)
                return row
            }
            return RankingExample(query: "q\(number)", source: number % 2 == 0 ? "a" : "b", candidates: candidates, features: features, grades: grades)
        }
        let before = LinearRanker.fusionOnly.ndcg(bySource: examples)
        let fitted = LinearRanker.fit(examples)
        let after = fitted.ndcg(bySource: examples)
        #expect(fitted.weight(.proximity) > 0)
        #expect(after["a"]! > 0.99 && after["b"]! > 0.99, "\(after)")
        #expect(before["a"]! < 0.8, "\(before)")
        // Deterministic: the same examples give the same weights.
        #expect(LinearRanker.fit(examples) == fitted)
    }
}

@Suite struct RankingPriorsTests {
    @Test func categoriesVotesAndAge() {
        let today = Day("2026-12-06")!
        let priors = RankingPriors(categories: ["cs.LG", "cs.CV"], today: today)
        var paper = Paper(id: PaperID.parse("2501.00001")!.id, title: "t", categories: ["cs.CV", "eess.IV"], published: today)
        #expect(priors.category(of: PaperFacts(paper)) == 1)
        paper.categories = ["cond-mat.soft"]
        #expect(priors.category(of: PaperFacts(paper)) == 0)
        paper.categories = []
        #expect(priors.category(of: PaperFacts(paper)) == 0.5, "unknown is neither")

        #expect(priors.popularity(of: PaperFacts(paper)) == 0)
        paper.upvotes = 9
        let some = priors.popularity(of: PaperFacts(paper))
        paper.localVotes = 30
        #expect(priors.popularity(of: PaperFacts(paper)) > some && some > 0)
        paper.upvotes = 5_000
        #expect(priors.popularity(of: PaperFacts(paper)) == 1)

        #expect(priors.recency(of: PaperFacts(paper)) == 1)
        paper.published = today.adding(days: -365)
        #expect(abs(priors.recency(of: PaperFacts(paper)) - 0.5) < 1e-12)
        paper.published = today.adding(days: 30)
        #expect(priors.recency(of: PaperFacts(paper)) == 1, "a date after today counts as today")
        paper.published = nil
        #expect(priors.recency(of: PaperFacts(paper)) == 0)
    }
}

@Suite struct ReaderCategoriesTests {
    @Test func theCategoriesThatRunThroughALibraryStrayOnesDoNot() {
        let reader = ReaderCategories()
        // Astrophysics with some instrumentation and one stray biology paper.
        let library = Array(repeating: ["astro-ph.GA"], count: 6) + Array(repeating: ["astro-ph.IM", "astro-ph.GA"], count: 3) + [["q-bio.NC"]]
        #expect(reader.categories(of: library) == ["astro-ph.GA", "astro-ph.IM"])
        // A category listed twice on one paper counts once; papers without categories say nothing.
        #expect(reader.categories(of: [["cs.CV", "cs.CV"], ["cs.LG"], ["cs.CV"], [], []]) == ["cs.CV", "cs.LG"])
        // Too few papers: the site's categories stay.
        #expect(reader.categories(of: [["cs.CV"], ["cs.CV"], [], []]) == nil)
        #expect(reader.categories(of: []) == nil)
        // Everything different: none stands out, however many.
        #expect(reader.categories(of: (0..<20).map { ["c\($0)"] }) == nil)
        // At most `maximum`, the most frequent first, ties by name.
        var capped = ReaderCategories()
        capped.maximum = 2
        #expect(capped.categories(of: [["b", "a", "c"], ["b", "a", "c"], ["c"]]) == ["c", "a"])
    }
}
