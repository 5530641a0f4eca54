import ArgumentParser
import Foundation
import PaperboyCore

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one paper by arXiv id or URL.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the paper as JSON (the export format).")
    var json = false

    @Argument(help: "An arXiv id (2401.12345, hep-th/9108002) or URL.")
    var id: String

    func run() async throws {
        guard let (paperID, _) = PaperID.parse(id) else { throw ValidationError("'\(id)' is not an arXiv id or URL") }
        let app = try await Bootstrap.start(global)
        guard let paper = try await app.store.paper(id: paperID) else {
            throw Failure(description: "no paper \(paperID) in \(app.config.databasePath)")
        }
        if json {
            print(try JSONOutput.string(PaperboyJSONRecord(paper)))
            return
        }
        var lines = [paper.title, ""]
        func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append(label.padding(toLength: 12, withPad: " ", startingAt: 0) + value) }
        }
        add("id", paper.id.rawValue + (paper.version.map { " (v\($0))" } ?? ""))
        add("authors", paper.authors.joined(separator: ", "))
        add("categories", paper.categories.joined(separator: " "))
        add("published", paper.published?.description)
        add("updated", paper.updated?.description)
        add("listed", paper.listed?.description)
        add("upvotes", paper.totalUpvotes.map { "\($0)" + (paper.localVotes > 0 ? " (\(paper.localVotes) here)" : "") })
        add("doi", paper.doi)
        add("journal", paper.journalRef)
        add("comments", paper.comments)
        add("sources", paper.sources.joined(separator: ", "))
        add("url", PaperLinks(paper.id).abstract)
        if let abstract = paper.abstract { lines += ["", abstract] }
        // Imported text is a stranger's: no escape sequence of it reaches the terminal.
        print(TerminalText.safe(lines.joined(separator: "\n")))
    }
}
