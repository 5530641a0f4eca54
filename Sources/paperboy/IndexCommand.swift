import ArgumentParser
import Foundation
import PaperboyCore
import PaperboySearch

/// The keyword index kept beside the database (`DB.keyword-index`): what it holds and how
/// far behind the store it is, or a rebuild from the store.
struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Show or rebuild the search index kept beside the database.",
        subcommands: [Status.self, Rebuild.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the keyword index's size, build time and lag behind the database.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let app = try Bootstrap.start(global)
            let path = KeywordSearchService.snapshotPath(besideDatabase: app.config.databasePath)
            let latest = try await app.store.latestPaperChange()
            guard FileManager.default.fileExists(atPath: path) else {
                if json {
                    try IndexCommand.printJSON(IndexCommand.Report(path: path, exists: false))
                } else {
                    print("keyword index  none yet at \(path) (`paperboy serve` or `paperboy index rebuild` builds it)")
                }
                return
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let clock = ContinuousClock()
            var status = KeywordSearchService.Status()
            let loaded = try clock.measure { status = try KeywordSearchService.describeSnapshot(path) }
            let lag = max(0, latest - status.sequence)
            if json {
                try IndexCommand.printJSON(IndexCommand.Report(path: path, exists: true, papers: status.papers, terms: status.terms, postingBytes: status.postingBytes,
                                          fileBytes: bytes, sequence: status.sequence, storeSequence: latest, lag: lag,
                                          replacedRatio: status.deadShare, loadSeconds: Double(loaded.components.seconds) + Double(loaded.components.attoseconds) / 1e18))
            } else {
                print("keyword index  \(path)")
                print("papers         \(status.papers) (\(status.terms) terms, \(String(format: "%.1f", Double(status.postingBytes) / 1_048_576)) MiB of postings, file \(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB)")
                print("changes        covers \(status.sequence) of \(latest): \(lag == 0 ? "up to date" : "\(lag) behind (a server catches up on start)")")
                print("replaced       \(String(format: "%.1f%%", status.deadShare * 100)) (rebuilt above 20%)")
                print("loads in       \(loaded)")
            }
        }
    }

    /// `index status --json`.
    struct Report: Encodable {
        var path: String
        var exists: Bool
        var papers: Int?
        var terms: Int?
        var postingBytes: Int?
        var fileBytes: Int?
        var sequence: Int64?
        var storeSequence: Int64?
        var lag: Int64?
        var replacedRatio: Double?
        var loadSeconds: Double?
    }

    static func printJSON(_ report: Report) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(["keyword": report]), as: UTF8.self))
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the keyword index from every stored paper and save it (a running server keeps its own until it restarts).")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let app = try Bootstrap.start(global)
            let path = KeywordSearchService.snapshotPath(besideDatabase: app.config.databasePath)
            let service = KeywordSearchService(store: app.store, snapshotPath: path, logger: app.logger)
            try await service.rebuild()
            let status = service.status
            print("keyword index of \(status.papers) papers built in \(String(format: "%.1f", status.buildSeconds)) s, \(status.terms) terms, saved to \(path)")
        }
    }
}
