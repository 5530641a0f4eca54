import ArgumentParser
import Foundation
import PaperboyCore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every paper as Paperboy JSON Lines (which `import` reads back losslessly)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output (gzipped when it ends in .gz).")
    var output: String?

    func run() async throws {
        let app = try await Bootstrap.start(global)
        let file: OutputFile
        do {
            file = try OutputFile(path: output)
        } catch {
            throw Failure(description: error.description)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var after: PaperID?
        var written = 0
        while true {
            let page = try await app.store.papers(after: after, limit: 1_000)
            guard let last = page.last else { break }
            var chunk = Data()
            for paper in page {
                chunk.append(try encoder.encode(PaperboyJSONRecord(paper)))
                chunk.append(0x0A)
            }
            try file.write(chunk)
            written += page.count
            after = last.id
        }
        try file.close()
        if let output { printError("exported \(written) papers to \(output)") }
    }
}
