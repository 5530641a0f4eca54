import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed
import PaperboySearch

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

    @Option(help: "keyword (BM25, every word required, the query syntax), semantic (by meaning) or hybrid (both fused; the default when papers have embeddings, else keyword).")
    var mode: SearchMode?

    @Option(help: "relevance (the default) or stars: the most starred code first (keyword matching).")
    var sort: String?

    @Option(help: "The model directory, for semantic and hybrid (env PAPERBOY_MODEL_DIR).")
    var modelDir: String?

    @Flag(help: "Print JSON: {query, total, offset, mode, results: [{id, title, abstract, authors, categories, published, upvotes, score, ...}]}.")
    var json = false

    @Argument(help: "The query.")
    var query: [String]

    func validate() throws {
        guard (1...1_000).contains(limit) else { throw ValidationError("--limit: must be between 1 and 1000") }
        guard (0...1_000_000).contains(offset) else { throw ValidationError("--offset: must be between 0 and 1000000") }
        _ = try DayOption.parse(since, option: "--since")
        _ = try DayOption.parse(until, option: "--until")
    }

    func run() async throws {
        let app = try await Bootstrap.start(global)
        let text = query.joined(separator: " ")
        let first = try DayOption.parse(since, option: "--since"), last = try DayOption.parse(until, option: "--until")
        let request: SearchRequest
        do {
            request = try SearchRequest.build(text: text, categories: category, authors: author, since: first, until: last,
                                              limit: limit, offset: offset, sort: sort)
        } catch {
            throw ValidationError("--\(error.parameter): \(error.reason)")
        }
        let searcher = try await app.searcher(modelDirectory: modelDir, keywordIndex: .ifSaved)
        let chosen: SearchMode
        if let mode { chosen = mode } else { chosen = request.sort == .stars ? .keyword : await searcher.defaultMode() }
        if let reason = try await searcher.unavailability(of: chosen) { throw Failure(description: reason) }
        let results = try await searcher.search(request, mode: chosen)
        if json {
            print(try JSONOutput.string(PaperListJSON(query: text, total: results.total, offset: offset, mode: chosen, hits: results.hits)))
        } else {
            print(TerminalText.safe(SearchCommand.render(results, query: text, offset: offset, mode: chosen)))
        }
    }

    static func render(_ results: SearchResults, query: String, offset: Int, mode: SearchMode = .keyword) -> String {
        guard !results.hits.isEmpty else {
            return results.total == 0 ? "No papers match \"\(query)\"." : "No more results (\(results.total) in all)."
        }
        let shown = "(showing \(offset + 1)-\(offset + results.hits.count))"
        let heading = switch mode {
        case .keyword: "\(results.total) papers match \"\(query)\" \(shown):"
        case .semantic: "\(results.total) papers ranked by meaning for \"\(query)\" \(shown):"
        case .hybrid: "The \(results.total) best papers by words and meaning for \"\(query)\" \(shown):"
        }
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

extension SearchMode: ExpressibleByArgument {}
