import Foundation
import PaperboyCore
import PaperboyTestSupport
import Testing

/// The pieces of `paperboy eval recs` and of reader models. The references are checked
/// against scikit-learn's output on the same input (values printed by scikit-learn 1.9.1).
@Suite struct RecommendationTests {
    static let documents = [
        "Graph neural networks for molecule property prediction",
        "Neural networks learn molecule graphs",
        "Diffusion models generate images from text",
        "Text to image diffusion with guidance",
        "Graph diffusion on molecule graphs",
        "Video generation with diffusion models",
        "Café naïve Bayes for text classification",
        "Text classification with neural networks",
    ]

    static var settings: TfidfVectorizer.Settings {
        var settings = TfidfVectorizer.Settings()
        settings.minDF = 2
        settings.maxDF = 0.5
        return settings
    }

    @Test func wordsFollowScikitLearnsTokenPattern() {
        // Accents stripped (precomposed or combining), lower case, stop words out; a run with
        // a non-ASCII letter, one starting with a digit, and one letter are no words.
        #expect(TfidfVectorizer.words(of: "Naïve e\u{301}cole BERT-based x2 models_v2 2nd αβγ abcβ a of the _id")
            == ["naive", "ecole", "bert", "based", "x2", "models_v2", "_id"])
        // A quote with a combining mark is no word character and splits words.
        #expect(TfidfVectorizer.words(of: "graph\"\u{301}neural") == ["graph", "neural"])
        #expect(TfidfVectorizer.words(of: "") == [])
    }

    @Test func tfidfMatchesScikitLearn() throws {
        let (vectorizer, rows) = TfidfVectorizer.fit(Self.documents, settings: Self.settings)
        #expect(Array(vectorizer.terms) == ["classification", "diffusion", "diffusion models", "graph", "graphs", "models", "molecule",
                                     "molecule graphs", "networks", "neural", "neural networks", "text", "text classification"])
        func row(_ index: Int) -> [String: Float] {
            Dictionary(uniqueKeysWithValues: rows.entries(of: index).map { (vectorizer.terms[Int($0.column)], $0.value) })
        }
        let expected4: [String: Float] = ["diffusion": 0.364138, "graph": 0.481289, "graphs": 0.481289, "molecule": 0.415313, "molecule graphs": 0.481289]
        let expected6: [String: Float] = ["classification": 0.623489, "text": 0.471725, "text classification": 0.623489]
        for (index, expected) in [(4, expected4), (6, expected6)] {
            let got = row(index)
            #expect(Set(got.keys) == Set(expected.keys))
            for (term, value) in expected { #expect(abs(got[term]! - value) < 1e-5, "\(term)") }
        }
        // A new text uses the fitted vocabulary and document frequencies.
        let new = vectorizer.row("Molecule graphs, again: molecule graphs")
        #expect(new.map { vectorizer.terms[Int($0.column)] } == ["graphs", "molecule", "molecule graphs"])
        #expect(abs(new.reduce(Float(0)) { $0 + $1.value * $1.value } - 1) < 1e-5)
    }

    @Test func maxFeaturesKeepsTheMostFrequentTerms() {
        // Corpus frequencies: diffusion and text 4; molecule, networks, neural and "neural
        // networks" 3; the rest 2. Cut where no tie is (scikit-learn breaks ties arbitrarily).
        var settings = Self.settings
        settings.maxFeatures = 2
        #expect(Array(TfidfVectorizer.fit(Self.documents, settings: settings).0.terms) == ["diffusion", "text"])
        settings.maxFeatures = 6
        let (vectorizer, rows) = TfidfVectorizer.fit(Self.documents, settings: settings)
        #expect(Array(vectorizer.terms) == ["diffusion", "molecule", "networks", "neural", "neural networks", "text"])
        #expect(rows.width == 6 && rows.count == 8)
    }

    /// The fit orders terms by name without making the names (a word's place among the words,
    /// then the second word's): the same vocabulary, cut and column order as sorting the names
    /// as strings, on words made to be prefixes of each other ("a b" sorts before "ab", "ab"
    /// before "ab c" before "abc").
    @Test func theVocabularyIsOrderedAsItsNamesAre() {
        let alphabet = ["ab", "abc", "abd", "ab_", "a1", "a_", "ba", "b_a", "bab", "x9", "xa", "_x", "_a", "aa", "aab"]
        var random = SplitMix64(seed: 18)
        for round in 0..<40 {
            let texts = (0..<30).map { _ in
                (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined(separator: " ")
            }
            var settings = TfidfVectorizer.Settings()
            settings.minDF = 1 + round % 3
            settings.maxDF = 0.8
            settings.maxFeatures = [5, 17, 40, 1_000][round % 4]
            // The reference: every term's corpus and document frequency, by name.
            var tf: [String: Int] = [:], df: [String: Int] = [:]
            for text in texts {
                let words = TfidfVectorizer.words(of: text)
                let terms = words + zip(words, words.dropFirst()).map { $0 + " " + $1 }
                for term in terms { tf[term, default: 0] += 1 }
                for term in Set(terms) { df[term, default: 0] += 1 }
            }
            let maxDF = Int(settings.maxDF * Double(texts.count))
            let expected = Array(df.filter { $0.value >= settings.minDF && $0.value <= maxDF }.keys
                .sorted { tf[$0]! != tf[$1]! ? tf[$0]! > tf[$1]! : $0 < $1 }.prefix(settings.maxFeatures)).sorted()
            #expect(Array(TfidfVectorizer.fit(texts, settings: settings).0.terms) == expected, "round \(round)")
        }
    }

    @Test func linearSVMMatchesLiblinear() {
        let (_, rows) = TfidfVectorizer.fit(Self.documents, settings: Self.settings)
        var settings = LinearSVM.Settings()
        settings.c = 0.5
        settings.tolerance = 1e-8
        let positive = [true, true, false, false, true, false, false, false]
        let svm = LinearSVM.train(rows, samples: Array(0..<8), positive: positive, settings: settings)
        var scores = [Float](repeating: 0, count: 8)
        svm.score(rows, Array(0..<8), into: &scores)
        let expected: [Float] = [0.62086, 0.69352, -0.77436, -0.65399, 0.65944, -0.5956, -0.77115, -0.37649]
        for (got, want) in zip(scores, expected) { #expect(abs(got - want) < 1e-3, "\(scores)") }
        #expect(abs(svm.bias - -0.09448451) < 1e-3)
    }

    static func facts(_ id: String, _ day: String, _ authors: [String], abstract: Bool = true) -> PseudoReader.Facts {
        PseudoReader.Facts(id: id, published: Day(day), authors: authors, hasAbstract: abstract)
    }

    @Test func pseudoReadersFollowTheProtocol() throws {
        var papers: [PseudoReader.Facts] = []
        // Ada: 13 papers with an abstract (the last two on one day, told apart by id), one
        // without; Bob wrote the 13 with her; Cy has 11, too few.
        for n in 1...13 { papers.append(Self.facts(String(format: "2401.%05d", 100 - n), String(format: "2024-01-%02d", min(n, 12)), ["Ada", "Bob"])) }
        papers.append(Self.facts("2401.00500", "2024-02-01", ["Ada"], abstract: false))
        for n in 1...11 { papers.append(Self.facts(String(format: "2402.%05d", n), "2024-03-01", ["Cy"])) }
        papers.append(Self.facts("2403.00001", "2025-01-01", ["Dee"]))
        let readers = PseudoReader.choose(from: papers)
        // Ordered by the SHA-256 of the name: Ada's is 99a563…, Bob's cd9fb1….
        #expect(readers.map(\.name) == ["Ada", "Bob"])
        let ada = readers[0]
        // 13 papers: 70% is 9.1, rounded up to 10 in the library, 3 targets.
        #expect(ada.library.count == 10 && ada.targets.count == 3)
        // The two papers of 2024-01-12 (n = 12, 13) sort by id: 2401.00087 before 2401.00088.
        #expect(ada.targets.map { papers[$0].id } == ["2401.00089", "2401.00087", "2401.00088"])
        #expect(ada.splitDay == Day("2024-01-11"))
        let candidates = Set(ada.candidates(in: papers))
        #expect(candidates.isDisjoint(with: ada.library))
        #expect(candidates.isSuperset(of: ada.targets))
        #expect(candidates.allSatisfy { papers[$0].published! >= ada.splitDay })
        #expect(ada.history(in: papers).allSatisfy { papers[$0].published! < ada.splitDay && !ada.library.contains($0) })
        // Named readers come in the order given; those that do not qualify are left out.
        #expect(PseudoReader.choose(from: papers, names: ["Bob", "Cy", "Nobody"]).map(\.name) == ["Bob"])
        #expect(PseudoReader.choose(from: papers, count: 1).map(\.name) == ["Ada"])
    }

    @Test func metricsAreBinaryNDCGAndRecallAtTheCutoff() {
        let reader = PseudoReader(name: "r", library: [0], targets: [3, 5, 9], splitDay: Day("2024-01-01")!)
        // Ranked: 3, 1, 5, 2 (9 is below the cutoff of 4); ties go to the lower index.
        let scores: [Float] = [0, 8, 2, 9, 1, 7, 1, 0, 0, 0.5]
        let (ndcg, recall) = reader.metrics(scores: scores, candidates: Array(1...9), cutoff: 4)
        let ideal = 1 + 1 / log2(3.0) + 1 / log2(4.0)
        #expect(abs(ndcg - (1 + 1 / log2(4.0)) / ideal) < 1e-12)
        #expect(abs(recall - 2.0 / 3) < 1e-12)
        var top = TopScores(capacity: 4)
        for (index, score) in scores.enumerated() { top.offer(index, score) }
        #expect(top.ranked() == [3, 1, 5, 2])
    }

    @Test func topScoresAgreesWithSorting() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<50 {
            let scores = (0..<200).map { _ in Float(Int.random(in: 0..<40, using: &random)) }
            var top = TopScores(capacity: 25)
            for (index, score) in scores.enumerated() { top.offer(index, score) }
            let sorted = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
            #expect(top.ranked() == Array(sorted.prefix(25)))
        }
    }

    /// Embeddings kept as a byte a value: dot products of real-sized unit vectors stay within
    /// a few thousandths, and every operation agrees with the rows read back as Floats.
    @Test func denseRowsKeepUnitVectorsToAFewThousandths() {
        var random = SeededRandom(seed: 5)
        func unit() -> [Float] {
            let v = (0..<384).map { _ in Float.random(in: -1...1, using: &random) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
        let vectors = (0..<50).map { _ in unit() }
        var rows = DenseRows(width: 384, count: 50)
        for (row, vector) in vectors.enumerated().reversed() { rows.set(row, vector) }
        #expect(rows.count == 50 && DenseRows(width: 384, values: vectors.flatMap { $0 }).codes == rows.codes)
        var worst: Float = 0
        for _ in 0..<20 {
            let query = unit()
            var scores = [Float](repeating: 0, count: 50)
            rows.dots(Array(0..<50), query, into: &scores)
            for (row, vector) in vectors.enumerated() {
                let exact = zip(vector, query).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                let decoded = zip(rows.row(row), query).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                worst = max(worst, abs(scores[row] - exact))
                #expect(abs(scores[row] - decoded) < 1e-5)
                #expect(query.withUnsafeBufferPointer { abs(rows.dot(row, $0) - scores[row]) } < 1e-6)
            }
        }
        #expect(worst < 0.005, "\(worst)")
        #expect(abs(rows.squaredNorm(7) - 1) < 0.01)
        // add: a weighted sum of rows, as reader profiles are built.
        var sum = [Float](repeating: 0, count: 384)
        sum.withUnsafeMutableBufferPointer { rows.add(3, scaledBy: Float(2), to: $0); rows.add(4, scaledBy: Float(-1), to: $0) }
        let expected = zip(rows.row(3), rows.row(4)).map { 2 * $0 - $1 }
        #expect(zip(sum, expected).allSatisfy { abs($0 - $1) < 1e-5 })
        // A zero row stays zero.
        #expect(DenseRows(width: 3, values: [0, 0, 0]).row(0) == [0, 0, 0])
    }

    @Test func decayedCosineWeighsTheNewestMost() {
        // Three unit vectors in 2-D: library newest first is [0, 1]; candidate 2.
        let embeddings = DenseRows(width: 2, values: [1, 0, 0, 1, 0.6, 0.8])
        let scores = DecayedCosine.scores(embeddings: embeddings, libraryNewestFirst: [0, 1], candidates: [2])
        let w0 = 1.0, w1 = 1 / (1 + log10(2.0))
        // Rows are kept as bytes: within a hundredth.
        #expect(abs(Double(scores[2]) - (w0 * 0.6 + w1 * 0.8) / (w0 + w1)) < 0.01)
        #expect(scores[0] == -.infinity)
    }

    /// A reader who saves papers about one topic gets the unseen papers of that topic first.
    @Test func readerModelLearnsATopicFromWordsAndEmbeddings() {
        var random = SeededRandom(seed: 11)
        let topics = [["graph", "neural", "molecule", "message", "passing"], ["diffusion", "image", "denoising", "sampler", "guidance"],
                      ["bandit", "regret", "policy", "reward", "exploration"], ["quantum", "qubit", "circuit", "entanglement", "noise"]]
        let filler = ["method", "results", "approach", "show", "paper", "data", "model", "study", "propose", "performance"]
        var texts: [String] = []
        var topicOf: [Int] = []
        var vectors: [Float] = []
        for n in 0..<400 {
            let topic = n % 4
            topicOf.append(topic)
            texts.append((0..<30).map { _ in Bool.random(using: &random) ? topics[topic].randomElement(using: &random)! : filler.randomElement(using: &random)! }.joined(separator: " "))
            // A noisy embedding leaning to the topic's axis.
            var v = (0..<8).map { _ in Float.random(in: -0.5...0.5, using: &random) }
            v[topic] += 1
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            vectors += v.map { $0 / norm }
        }
        var settings = TfidfVectorizer.Settings()
        settings.maxDF = 1
        let (_, words) = TfidfVectorizer.fit(texts, settings: settings)
        let embeddings = DenseRows(width: 8, values: vectors)
        let positives = (0..<200).filter { topicOf[$0] == 1 }.prefix(10).map { $0 }
        let background = (0..<200).filter { !positives.contains($0) }
        let model = ReaderModel.train(words: words, embeddings: embeddings, positives: positives, background: background)
        var scores = [Float](repeating: 0, count: 400)
        let unseen = Array(200..<400)
        model.score(words: words, embeddings: embeddings, unseen, into: &scores)
        var top = TopScores(capacity: 50)
        for index in unseen { top.offer(index, scores[index]) }
        // Ten noisy positives: the first 40 are all on the topic, and 45 of the 50 (a random
        // ranking would give 12).
        let ranked = top.ranked().map { topicOf[$0] }
        #expect(ranked.prefix(40).allSatisfy { $0 == 1 } && ranked.filter { $0 == 1 }.count >= 45, "\(ranked)")
        // The same input trains the same model.
        let again = ReaderModel.train(words: words, embeddings: embeddings, positives: positives, background: background)
        #expect(again.weights == model.weights && again.bias == model.bias)
    }
}

@Suite struct RecommendationReasonTests {
    @Test func namesTheNearestSavedPaperAndTheHeaviestWords() {
        let texts = ["diffusion models for video generation", "diffusion sampler guidance", "video generation benchmark",
                     "graph neural networks", "bandit regret bounds", "quantum circuits noise"]
        var settings = TfidfVectorizer.Settings()
        settings.minDF = 1
        settings.maxDF = 1
        let (vectorizer, words) = TfidfVectorizer.fit(texts, settings: settings)
        // Embeddings: papers 0-2 near one axis, the rest elsewhere.
        let embeddings = DenseRows(width: 2, values: [1, 0, 0.8, 0.6, 0.6, 0.8, 0, 1, 0, 1, 0, 1])
        let model = ReaderModel.train(words: words, embeddings: embeddings, positives: [0, 1], background: [3, 4, 5])
        let reason = RecommendationReason.explain(2, model: model, words: words, terms: vectorizer.terms, embeddings: embeddings, library: [0, 1])
        // Paper 2 shares "video generation" with paper 0 and lies nearest paper 1.
        #expect(reason.nearest?.index == 1)
        #expect(abs(reason.nearest!.cosine - 0.96) < 0.01)
        #expect(!reason.words.isEmpty && reason.words.allSatisfy { ["video", "generation", "video generation"].contains($0) }, "\(reason.words)")
        // A paper sharing nothing with the library has no words to show.
        let none = RecommendationReason.explain(4, model: model, words: words, terms: vectorizer.terms, embeddings: embeddings, library: [0, 1])
        #expect(none.words.isEmpty)
    }
}
