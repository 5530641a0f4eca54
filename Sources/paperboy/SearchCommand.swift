import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search papers: words, \"phrases\", ti:, abs:, au:, cat:, -excluded, a OR b, or an arXiv id/URL."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only papers in this category (cs.CV, or a whole archive: cs). Repeatable.")
    var category: [String] = []

    @Option(help: "Only papers with this author (a name or part of one). Repeatable.")
    var author: [String] = []

    @Option(help: "Only papers published on or after this day (YYYY-MM-DD).")
    var since: String?

    @Option(help: "Only papers published on or before this day (YYYY-MM-DD).")
    var until: String?

    @Option(help: "Results per page (1-1000).")
    var limit: Int = 20

    @Option(help: "Results to skip.")
    var offset: Int = 0

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case keyword, semantic
    }

    @Option(help: "keyword (BM25, the default) or semantic (embeddings: needs the model and `paperboy embed`).")
    var mode: Mode = .keyword

    @Option(help: "The model directory for --mode semantic (env PAPERBOY_MODEL_DIR).")
    var modelDir: String?

    @Flag(help: "Print JSON: {query, total, offset, results: [{id, title, abstract, authors, categories, published, upvotes, score, ...}]}.")
    var json = false

    @Argument(help: "The query.")
    var query: [String]

    func validate() throws {
        guard (1...1_000).contains(limit) else { throw ValidationError("--limit: must be between 1 and 1000") }
        guard (0...1_000_000).contains(offset) else { throw ValidationError("--offset: must be between 0 and 1000000") }
        _ = try SearchCommand.day(since, option: "--since")
        _ = try SearchCommand.day(until, option: "--until")
        if mode == .semantic && (!category.isEmpty || !author.isEmpty || since != nil || until != nil) {
            throw ValidationError("--mode semantic does not take --category, --author, --since or --until yet")
        }
    }

    static func day(_ text: String?, option: String) throws -> Day? {
        guard let text else { return nil }
        guard let day = Day(exactly: text) else { throw ValidationError("\(option): '\(text)' is not a date (YYYY-MM-DD)") }
        return day
    }

    func run() async throws {
        let app = try Bootstrap.start(global)
        let text = query.joined(separator: " ")
        if mode == .semantic { return try await semantic(app, text) }
        var parsed = SearchQuery.parse(text)
        parsed.categories += category.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        parsed.required += author.filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
            .map { [SearchQuery.Term($0, field: .authors)] }
        let request = SearchRequest(query: parsed, since: try SearchCommand.day(since, option: "--since"),
                                    until: try SearchCommand.day(until, option: "--until"), limit: limit, offset: offset)
        try show(try await app.store.search(request), query: text)
    }

    /// The results as JSON or text, whichever mode found them.
    private func show(_ results: SearchResults, query text: String) throws {
        if json {
            print(try JSONOutput.string(PaperListJSON(query: text, total: results.total, offset: offset, hits: results.hits)))
        } else {
            print(SearchCommand.render(results, query: text, offset: offset))
        }
    }

    /// The papers nearest to the query's embedding, by cosine over every stored embedding.
    private func semantic(_ app: Bootstrap, _ text: String) async throws {
        let embedder: SentenceEmbedder
        do { embedder = try SentenceEmbedder(directory: modelDir ?? app.config.modelDirectory) } catch { throw Failure(description: "\(error)") }
        let index = VectorIndex(try await app.store.embeddings(model: SentenceEmbedder.modelName))
        guard index.count > 0 else { throw Failure(description: "no paper has an embedding yet (run `paperboy embed`)") }
        let nearest = index.nearest(to: embedder.embed(text), k: offset + limit).dropFirst(offset)
        var hits: [SearchHit] = []
        for (id, score) in nearest {
            if let paper = try await app.store.paper(id: id) { hits.append(SearchHit(paper: paper, score: Double(score))) }
        }
        try show(SearchResults(total: index.count, hits: hits), query: text)
    }

    static func render(_ results: SearchResults, query: String, offset: Int) -> String {
        guard !results.hits.isEmpty else {
            return results.total == 0 ? "No papers match \"\(query)\"." : "No more results (\(results.total) in all)."
        }
        let heading = "\(results.total) papers match \"\(query)\" (showing \(offset + 1)-\(offset + results.hits.count)):"
        return ([heading, ""] + lines(results.hits, offset: offset)).joined(separator: "\n")
    }

    /// Each hit as a numbered title, a line of facts and the first authors.
    static func lines(_ hits: [SearchHit], offset: Int = 0) -> [String] {
        var lines: [String] = []
        for (i, hit) in hits.enumerated() {
            let p = hit.paper
            lines.append("\(offset + i + 1). \(p.title)")
            var meta = [p.id.rawValue]
            if let published = p.published { meta.append(published.description) }
            if !p.categories.isEmpty { meta.append(p.categories.joined(separator: " ")) }
            if let upvotes = p.totalUpvotes { meta.append("▲ \(upvotes)") }
            lines.append("   " + meta.joined(separator: " · "))
            if !p.authors.isEmpty {
                let shown = p.authors.prefix(4).joined(separator: ", ")
                lines.append("   " + shown + (p.authors.count > 4 ? " et al." : ""))
            }
            lines.append("")
        }
        return lines
    }
}
