import ArgumentParser
import Foundation
import PaperboyCore

/// The similar papers of a paper page, from the command line.
struct SimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar", abstract: "Papers similar to one, by the words of its title and abstract.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "How many papers (1-100).")
    var limit: Int = 10

    @Flag(help: "Print JSON, shaped like search --json.")
    var json = false

    @Flag(help: "Compute the lists of all papers that have none (serve does it in the background; this is faster after a bulk import).")
    var all = false

    @Argument(help: "An arXiv id (2401.12345, hep-th/9108002) or URL.")
    var id: String?

    func validate() throws {
        guard (1...MoreLikeThis.listLength).contains(limit) else {
            throw ValidationError("--limit: must be between 1 and \(MoreLikeThis.listLength)")
        }
        guard all == (id == nil) else { throw ValidationError("give a paper id, or --all") }
        if let id, PaperID.parse(id) == nil { throw ValidationError("'\(id)' is not an arXiv id or URL") }
    }

    func run() async throws {
        let app = try await Bootstrap.start(global)
        guard let id else { return try await computeAll(app.store) }
        guard let (paperID, _) = PaperID.parse(id) else { throw ValidationError("'\(id)' is not an arXiv id or URL") }
        guard let hits = try await app.store.similar(to: paperID, limit: limit) else {
            throw Failure(description: "no paper \(paperID) in \(app.config.databasePath)")
        }
        if json {
            print(try JSONOutput.string(PaperListJSON(query: nil, total: hits.count, offset: 0, hits: hits)))
        } else {
            let heading = hits.isEmpty ? "No papers found similar to \(paperID)." : "Papers similar to \(paperID):"
            print(TerminalText.safe(([heading, ""] + SearchCommand.lines(hits)).joined(separator: "\n")))
        }
    }

    /// Every missing list, with a progress line on standard error.
    private func computeAll(_ store: any PaperStore & SimilarListStore) async throws {
        try await store.warmUp()
        let missing = try await store.similarListsMissing()
        let clock = ContinuousClock()
        let started = clock.now
        var done = 0
        while true {
            // Refresh nothing here: only lists that are missing.
            let computed = try await store.fillSimilarLists(limit: 200, refreshingBefore: .distantPast)
            guard computed > 0 else { break }
            done += computed
            let seconds = (clock.now - started).seconds
            FileHandle.standardError.write(Data(String(format: "\rsimilar lists: %d of %d (%.0f per second)", done, missing,
                                                       Double(done) / max(seconds, 0.001)).utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print("Computed the similar-paper lists of \(done) papers in \(String(format: "%.1f", (clock.now - started).seconds)) s.")
    }
}
