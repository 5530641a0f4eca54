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
            over the embeddings, hybrid is their reciprocal rank fusion, exactly as `paperboy search` runs them.
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

    @Flag(help: "Print {\"keyword\": {\"ndcg@10\": x, \"recall@100\": y}, \"semantic\": {...}, \"hybrid\": {...}}.")
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
        var searcher = PaperSearcher(store: store, semantic: semantic)
        if rrfK != nil || semanticWeight != nil {
            searcher.fusion = RankFusion(k: rrfK ?? searcher.fusion.k, weights: [searcher.fusion.weights[0], semanticWeight ?? searcher.fusion.weights[1]])
        }
        let documentOf = Dictionary(uniqueKeysWithValues: ids.map { ($1, $0) })

        var rankings: [SearchMode: [[String]]] = [:]
        var progress = ProgressBar(total: dataset.queries.count, unit: "queries")
        var legs: [([PaperID], [PaperID])] = []
        for (number, query) in dataset.queries.enumerated() {
            let request = SearchRequest(query: SearchQuery.parse(query.text), limit: searcher.depth)
            let (keyword, nearby) = try await searcher.legs(request)
            legs.append((keyword, nearby))
            rankings[.keyword, default: []].append(keyword.compactMap { documentOf[$0] })
            rankings[.semantic, default: []].append(nearby.compactMap { documentOf[$0] })
            let hybrid = try await searcher.fused(keyword: keyword, semantic: nearby, page: request)
            rankings[.hybrid, default: []].append(hybrid.hits.compactMap { documentOf[$0.paper.id] })
            progress.update(done: number + 1)
        }
        progress.finish()

        let judgments = dataset.queries.map { dataset.judgments[$0.id] ?? [:] }
        var scores: [String: [String: Double]] = [:]
        for mode in SearchMode.allCases {
            scores[mode.rawValue] = EvalBEIRCommand.score(rankings[mode] ?? [], judgments)
        }
        if tune { printGrid(legs, judgments, documentOf) }
        if json {
            let data = try JSONSerialization.data(withJSONObject: scores, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(dataset.queries.count) queries (\(split)), \(dataset.documents.count) documents; fusion k \(searcher.fusion.k), weights \(searcher.fusion.weights)")
            for mode in SearchMode.allCases {
                let s = scores[mode.rawValue]!
                let name = mode.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
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

    /// nDCG@10 of the fused rankings for a grid of k and semantic weights.
    private func printGrid(_ legs: [([PaperID], [PaperID])], _ judgments: [[String: Int]], _ documentOf: [PaperID: String]) {
        for k in [1.0, 5, 10, 20, 30, 60, 100] {
            var line = String(format: "k %5.0f:", k)
            for weight in [0.5, 0.75, 1.0, 1.25, 1.5, 2.0] {
                let fusion = RankFusion(k: k, weights: [1, weight])
                let rankings = legs.map { fusion.fuse([$0.0, $0.1]).prefix(100).compactMap { documentOf[$0.id] } }
                line += String(format: "  w%.2f %.4f", weight, EvalBEIRCommand.score(rankings, judgments)["ndcg@10"]!)
            }
            print(line)
        }
    }
}
