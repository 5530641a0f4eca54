import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed

/// `paperboy eval recs`: recommendation quality and cost on pseudo-readers made from the
/// database's authors, Paperboy against two reference methods in the same run.
struct EvalRecsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recs",
        abstract: "Print nDCG@50, recall@50 and ms per reader of Paperboy's recommender and two references (svm_tfidf, decayed_cosine).",
        discussion: """
            Pseudo-readers are authors (exact name) with at least 12 papers that have an abstract; \
            by default the 300 whose names have the lowest SHA-256. A reader's papers by \
            (published, id): the first 70% (rounded up) are the library, the rest the targets, and \
            the split day D is the first target's. Candidates are every paper published on or after \
            D outside the library; training uses the library and papers published before D; \
            features are title and abstract only. svm_tfidf is arxiv-sanity-lite's method (tf-idf of \
            words and word pairs, linear SVM, every other earlier paper a negative); decayed_cosine \
            is zotero-arxiv-daily's (mean cosine to the library, newest weighing most). Every paper \
            needs an embedding (`paperboy embed`).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Take the readers named in FILE (one per line) instead of the default 300.")
    var users: String?

    @Option(help: "How many readers by default.")
    var readers = 300

    @Option(help: "Methods to run (comma-separated).")
    var methods = RecommendationEvaluation.methods.joined(separator: ",")

    @Option(help: ArgumentHelp("Paperboy's embedding weight against its words.", visibility: .hidden))
    var embeddingScale: Double?

    @Option(help: ArgumentHelp("Paperboy's sampled background negatives (0: all).", visibility: .hidden))
    var negatives: Int?

    @Option(help: ArgumentHelp("Paperboy's SVM C.", visibility: .hidden))
    var c: Double?

    @Option(help: ArgumentHelp("Paperboy's SVM stopping tolerance.", visibility: .hidden))
    var tolerance: Double?

    @Option(help: ArgumentHelp("Paperboy's SVM passes at most.", visibility: .hidden))
    var passes: Int?

    @Option(help: ArgumentHelp("Paperboy's vocabulary: most frequent terms kept, least and most documents (a share) a term is in.", visibility: .hidden))
    var vocabulary: String?

    @Option(help: "Also print Paperboy's first 5 recommendations, with their reasons, for this many readers.")
    var show = 0

    @Flag(help: "Print {\"readers\": n, \"paperboy\": {\"ndcg@50\": x, \"recall@50\": y, \"ms_per_reader\": z}, \"svm_tfidf\": {...}, \"decayed_cosine\": {...}}.")
    var json = false

    func validate() throws {
        let unknown = methods.split(separator: ",").map(String.init).filter { !RecommendationEvaluation.methods.contains($0) }
        if !unknown.isEmpty { throw ValidationError("--methods: unknown \(unknown.joined(separator: ", ")) (known: \(RecommendationEvaluation.methods.joined(separator: ", ")))") }
        guard readers > 0 else { throw ValidationError("--readers: must be at least 1") }
    }

    func run() async throws {
        let app = try await Bootstrap.start(global)
        let names = try users.map { path in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw Failure(description: "cannot read --users '\(path)'") }
            return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let clock = ContinuousClock()
        let started = clock.now
        // Every paper with its facts, text and embedding, in id order.
        var facts: [PseudoReader.Facts] = []
        var texts: [String] = []
        var ids: [PaperID] = []
        var after: PaperID?
        while case let page = try await app.store.papers(after: after, limit: 5_000), let last = page.last {
            for paper in page {
                ids.append(paper.id)
                facts.append(.init(id: paper.id.rawValue, published: paper.published, authors: paper.authors,
                                   hasAbstract: !(paper.abstract ?? "").isEmpty))
                texts.append(paper.title + " " + (paper.abstract ?? ""))
            }
            after = last.id
        }
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        var vectors = [Float](repeating: 0, count: ids.count * 384)
        var embedded = 0
        for (id, vector) in try await app.store.embeddings(model: SentenceEmbedder.modelName) where vector.count == 384 {
            guard let row = position[id] else { continue }
            vectors.replaceSubrange(row * 384..<(row + 1) * 384, with: vector)
            embedded += 1
        }
        guard embedded == ids.count else {
            throw Failure(description: "\(ids.count - embedded) of \(ids.count) papers have no embedding: run `paperboy embed` first")
        }
        var fitter = TfidfVectorizer.Fitter()
        for text in texts { fitter.add(text) }
        let (_, tfidf) = fitter.fit(settings: .arxivSanityLite)
        var vocabularySettings = TfidfVectorizer.Settings.paperboy
        if let vocabulary {
            let parts = vocabulary.split(separator: ",").compactMap { Double($0) }
            guard parts.count == 3 else { throw Failure(description: "--vocabulary: give MAX_FEATURES,MIN_DF,MAX_DF") }
            vocabularySettings.maxFeatures = Int(parts[0])
            vocabularySettings.minDF = Int(parts[1])
            vocabularySettings.maxDF = parts[2]
        }
        let (vectorizer, words) = fitter.fit(settings: vocabularySettings)
        let embeddings = DenseRows(width: 384, values: vectors)
        var evaluation = RecommendationEvaluation(papers: facts, tfidf: tfidf, words: words, embeddings: embeddings)
        if let embeddingScale { evaluation.paperboy.embeddingScale = embeddingScale }
        if let negatives { evaluation.paperboy.backgroundNegatives = negatives }
        if let c { evaluation.paperboy.svm.c = c }
        if let tolerance { evaluation.paperboy.svm.tolerance = tolerance }
        if let passes { evaluation.paperboy.svm.maxIterations = passes }
        let chosen = PseudoReader.choose(from: facts, count: readers, names: names)
        guard !chosen.isEmpty else { throw Failure(description: "no author qualifies as a reader (12 papers with an abstract)") }
        FileHandle.standardError.write(Data(String(format: "loaded %d papers in %.1f s; %d readers\n", ids.count, (clock.now - started).seconds, chosen.count).utf8))

        let methodList = methods.split(separator: ",").map(String.init)
        var progress = ProgressBar(total: chosen.count, unit: "readers")
        var results: [RecommendationEvaluation.ReaderResult] = []
        for reader in chosen {
            results.append(evaluation.evaluate(reader, methods: methodList))
            progress.update(done: results.count)
        }
        progress.finish()
        var report: [String: Any] = ["readers": chosen.count]
        let n = Double(results.count)
        for method in methodList {
            report[method] = ["ndcg@50": results.map { $0.ndcg[method]! }.reduce(0, +) / n,
                              "recall@50": results.map { $0.recall[method]! }.reduce(0, +) / n,
                              "ms_per_reader": results.map { $0.milliseconds[method]! }.reduce(0, +) / n]
        }
        let training = results.map(\.trainingMilliseconds).reduce(0, +) / n
        for reader in chosen.prefix(show) {
            let history = reader.history(in: facts)
            let candidates = reader.candidates(in: facts)
            let model = ReaderModel.train(words: words, embeddings: embeddings, positives: reader.library, background: history, settings: evaluation.paperboy)
            var scores = [Float](repeating: -.infinity, count: facts.count)
            model.score(words: words, embeddings: embeddings, candidates, into: &scores)
            var top = TopScores(capacity: 5)
            for index in candidates { top.offer(index, scores[index]) }
            print("\(reader.name): \(reader.library.count) saved, \(reader.targets.count) to find among \(candidates.count) since \(reader.splitDay)")
            for index in top.ranked() {
                let reason = RecommendationReason.explain(index, model: model, words: words, terms: vectorizer.terms, embeddings: embeddings, library: reader.library)
                let mark = reader.targets.contains(index) ? "*" : " "
                print("  \(mark) \(facts[index].id) \(TerminalText.safe(String(texts[index].prefix(70))))")
                if let nearest = reason.nearest {
                    print("      like \(TerminalText.safe(String(texts[nearest.index].prefix(60)))) (cosine \(String(format: "%.2f", nearest.cosine))); words: \(reason.words.joined(separator: ", "))")
                }
            }
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(chosen.count) readers, \(ids.count) papers")
            for method in methodList {
                let figures = report[method] as! [String: Double]
                print(method.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + String(format: "nDCG@50 %.4f  recall@50 %.4f  %.1f ms per reader", figures["ndcg@50"]!, figures["recall@50"]!, figures["ms_per_reader"]!))
            }
            if methodList.contains("paperboy") { print(String(format: "paperboy trains in %.1f ms per reader (%.1f passes); the rest is scoring all %d papers", training, Double(results.map(\.trainingIterations).reduce(0, +)) / n, ids.count)) }
        }
    }
}
