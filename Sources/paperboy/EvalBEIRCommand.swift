import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed
import PaperboySearch
import PaperboySQLite

struct EvalBEIRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beir",
        abstract: "Index a BEIR dataset (corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv; .gz allowed) into a temporary database and print nDCG@10 and recall@100 per search mode.",
        discussion: """
            keyword is BM25 over any of the query's words (the keyword side of hybrid search; \
            natural-language queries rarely have every word in a relevant paper), semantic is cosine \
            over the embeddings, rrf is their reciprocal rank fusion alone, and hybrid (the site's \
            default) re-ranks the fusion's first candidates with the learned ranker, exactly as \
            `paperboy search` runs them.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The dataset directory.")
    var directory: String

    @Option(help: "The qrels split to score: test, train or dev.")
    var split = "test"

    @Option(help: "The model directory (env PAPERBOY_MODEL_DIR).")
    var modelDir: String?

    @Option(help: "Keep the indexed dataset in this SQLite file and reuse it on later runs (default: a temporary file).")
    var index: String?

    @Option(help: ArgumentHelp("Reciprocal rank fusion's k (default: the one search uses).", visibility: .hidden))
    var rrfK: Double?

    @Option(help: ArgumentHelp("The semantic ranking's weight in fusion, keyword's being 1.", visibility: .hidden))
    var semanticWeight: Double?

    @Flag(help: ArgumentHelp("Print nDCG@10 for a grid of fusion settings.", visibility: .hidden))
    var tune = false

    @Option(help: "Write each query's re-ranked candidates with their features and judgments (JSON) for `eval fit-ranking`.")
    var featuresOut: String?

    @Option(help: "Ranking features to switch off (comma-separated), as PAPERBOY_RANKING_OFF.", transform: RankingOffOption.parse)
    var rankingOff: [RankingFeature] = []

    @Flag(help: "Print nDCG@10 with each ranking feature switched off in turn.")
    var ablation = false

    @Flag(help: "Print {\"keyword\": {\"ndcg@10\": x, \"recall@100\": y}, \"semantic\": {...}, \"rrf\": {...}, \"hybrid\": {...}, \"default\": {\"mode\": \"hybrid\", ...}}.")
    var json = false

    func validate() throws {
        guard ["test", "train", "dev"].contains(split) else { throw ValidationError("--split: must be test, train or dev") }
        if let rrfK, !(rrfK >= 0 && rrfK <= 10_000) { throw ValidationError("--rrf-k: must be between 0 and 10000") }
        if let semanticWeight, !(semanticWeight >= 0 && semanticWeight <= 100) {
            throw ValidationError("--semantic-weight: must be between 0 and 100")
        }
    }

    func run() async throws {
        let (config, logger) = try Bootstrap.configure(global)
        let dataset: BEIRDataset
        do { dataset = try BEIRDataset(directory: directory, split: split) } catch { throw Failure(description: "\(error)") }
        for problem in dataset.problems { FileHandle.standardError.write(Data("skipped \(problem)\n".utf8)) }
        guard !dataset.queries.isEmpty else { throw Failure(description: "no query in \(directory) has judgments in qrels/\(split).tsv") }

        let temporary = index == nil ? FileManager.default.temporaryDirectory
            .appendingPathComponent("paperboy-eval-\(ProcessInfo.processInfo.processIdentifier)") : nil
        if let temporary { try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true) }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        let store = try SQLitePaperStore(path: index ?? temporary!.appendingPathComponent("eval.sqlite").path, logger: logger)
        let semantic = SemanticIndex(store: store, modelDirectory: modelDir ?? config.modelDirectory)
        if let reason = semantic.unavailableReason { throw Failure(description: reason) }

        let ids = try await indexDocuments(dataset.documents, into: store)
        try await embedAll(store, semantic.embedder!)
        // The keyword index, as the site searches: its positions give the ranker proximity.
        let keywordIndex = KeywordSearchService(store: store, snapshotPath: nil, logger: logger)
        try await keywordIndex.open()
        var searcher = PaperSearcher(store: store, semantic: semantic, keywordIndex: keywordIndex)
        if rrfK != nil || semanticWeight != nil {
            searcher.fusion = RankFusion(k: rrfK ?? searcher.fusion.k, weights: [searcher.fusion.weights[0], semanticWeight ?? searcher.fusion.weights[1]])
        }
        searcher.ranking = config.server.hybridRanking(now: Bootstrap.clock)
        searcher.ranking.ranker.off.formUnion(rankingOff)
        let documentOf = Dictionary(uniqueKeysWithValues: ids.map { ($1, $0) })

        var progress = ProgressBar(total: dataset.queries.count, unit: "queries")
        let run = try await RankingRun(searcher: searcher, queries: dataset.queries.map(\.text), name: { documentOf[$0] },
                                       progress: { progress.update(done: $0) })
        progress.finish()
        let rankings: [String: [[String]]] = ["keyword": run.keyword, "semantic": run.semantic,
                                              "hybrid": run.rankings(searcher.ranking.ranker), "rrf": run.fused]
        let judgments = dataset.queries.map { dataset.judgments[$0.id] ?? [:] }
        var scores: [String: Any] = [:]
        for (name, ranking) in rankings { scores[name] = EvalBEIRCommand.score(ranking, judgments) }
        // The site's default once papers have embeddings: hybrid, with its ranker.
        var chosen = EvalBEIRCommand.score(rankings["hybrid"]!, judgments) as [String: Any]
        chosen["mode"] = "hybrid"
        scores["default"] = chosen
        if tune { printGrid(run, judgments) }
        if let featuresOut {
            try RankingRun.write(run.examples(queries: dataset.queries.map(\.text), grades: judgments, source: "scifact-\(split)"), to: featuresOut)
        }
        if ablation {
            for row in run.ablation(searcher.ranking.ranker, score: { EvalBEIRCommand.score($0, judgments)["ndcg@10"]! }) {
                print(row.feature.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "nDCG@10 %.4f", row.ndcg))
            }
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: scores, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(dataset.queries.count) queries (\(split)), \(dataset.documents.count) documents; fusion k \(searcher.fusion.k), weights \(searcher.fusion.weights); the default is hybrid")
            for mode in ["keyword", "semantic", "rrf", "hybrid"] {
                let s = scores[mode] as! [String: Double]
                let name = mode.padding(toLength: 9, withPad: " ", startingAt: 0)
                print(name + String(format: "nDCG@10 %.4f  recall@100 %.4f", s["ndcg@10"]!, s["recall@100"]!))
            }
        }
    }

    static func score(_ rankings: [[String]], _ judgments: [[String: Int]]) -> [String: Double] {
        let n = Double(max(1, rankings.count))
        return ["ndcg@10": zip(rankings, judgments).map { RetrievalMetrics.ndcg(ranking: $0, relevant: $1) }.reduce(0, +) / n,
                "recall@100": zip(rankings, judgments).map { RetrievalMetrics.recall(ranking: $0, relevant: $1) }.reduce(0, +) / n]
    }

    /// Stores each document as a paper under a made-up arXiv-form id (the store keys papers
    /// by arXiv id); returns the id of each document.
    private func indexDocuments(_ documents: [BEIRDataset.Document], into store: SQLitePaperStore) async throws -> [String: PaperID] {
        var ids: [String: PaperID] = [:]
        var batch: [Paper] = []
        for (number, document) in documents.enumerated() {
            let month = number / 99_999
            let text = String(format: "%02d%02d.%05d", 15 + month / 12, month % 12 + 1, number % 99_999 + 1)
            guard let (id, _) = PaperID.parse(text) else { throw Failure(description: "too many documents (\(documents.count))") }
            ids[document.id] = id
            let title = document.title.allSatisfy(\.isWhitespace) ? String(document.text.prefix(80)) : document.title
            batch.append(Paper(id: id, title: title, abstract: document.text.isEmpty ? nil : document.text))
            if batch.count == 1_000 || number == documents.count - 1 {
                _ = try await store.upsert(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        return ids
    }

    private func embedAll(_ store: SQLitePaperStore, _ embedder: SentenceEmbedder) async throws {
        let model = SentenceEmbedder.modelName
        let (already, all) = try await store.embeddingCoverage(model: model)
        guard already < all else { return }
        var progress = ProgressBar(total: all, done: already, unit: "documents")
        var done = already
        while case let batch = try await embedder.embedPending(in: store, limit: 128), !batch.isEmpty {
            done += batch.count
            progress.update(done: done)
        }
        progress.finish()
    }

    /// nDCG@10 of plain fusion for a grid of k and semantic weights.
    private func printGrid(_ run: RankingRun, _ judgments: [[String: Int]]) {
        for k in [1.0, 5, 10, 20, 30, 60, 100] {
            var line = String(format: "k %5.0f:", k)
            for weight in [0.5, 0.75, 1.0, 1.25, 1.5, 2.0] {
                let fusion = RankFusion(k: k, weights: [1, weight])
                let rankings = zip(run.keyword, run.semantic).map { fusion.fuse([$0, $1]).prefix(100).map(\.id) }
                line += String(format: "  w%.2f %.4f", weight, EvalBEIRCommand.score(rankings, judgments)["ndcg@10"]!)
            }
            print(line)
        }
    }
}
