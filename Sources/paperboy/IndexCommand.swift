import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyEmbed
import PaperboySearch

/// The search indexes kept beside the database (`DB.keyword-index`, `DB.vector-index`): what
/// they hold and how far behind the store they are, or a rebuild from the store.
struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Show or rebuild the search indexes kept beside the database.",
        subcommands: [Status.self, Rebuild.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show each index's size, load time and lag behind the database.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() async throws {
            let app = try await Bootstrap.start(global)
            let keyword = try await IndexCommand.keywordReport(app)
            let vector = try await IndexCommand.vectorReport(app)
            if json {
                let encoder = JSONEncoder()
                encoder.keyEncodingStrategy = .convertToSnakeCase
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(["keyword": keyword, "vector": vector]), as: UTF8.self))
                return
            }
            func mib(_ bytes: Int?) -> String { String(format: "%.1f MiB", Double(bytes ?? 0) / 1_048_576) }
            print("keyword index  \(keyword.path)")
            if let reason = keyword.unusable {
                print("  unusable: \(reason) (a server rebuilds it at its next start)")
            } else if keyword.exists {
                print("  papers       \(keyword.papers ?? 0) (\(keyword.terms ?? 0) terms, \(mib(keyword.postingBytes)) of postings, \(mib(keyword.bitmapBytes)) of bitmaps, \(mib(keyword.topListBytes)) of top lists and tiers, file \(mib(keyword.fileBytes)))")
                let lag = keyword.lag ?? 0
                print("  changes      covers \(keyword.sequence ?? 0) of \(keyword.storeSequence ?? 0): \(lag == 0 ? "up to date" : "\(lag) behind (a server catches up on start)")")
                print(String(format: "  replaced     %.1f%% (rebuilt above 20%%)", (keyword.replacedRatio ?? 0) * 100))
                print(String(format: "  loads in     %.2f s", keyword.loadSeconds ?? 0))
            } else {
                print("  none yet (`paperboy serve` or `paperboy index rebuild` builds it)")
            }
            print("vector index   \(vector.path)")
            if let reason = vector.unusable {
                print("  unusable: \(reason) (a server rebuilds it at its next start)")
            } else if vector.exists {
                print("  papers       \(vector.papers ?? 0) of \(vector.storeEmbedded ?? 0) embedded (\(mib(vector.memoryBytes)) in memory, files \(mib(vector.fileBytes)))")
                print(String(format: "  loads in     %.2f s", vector.loadSeconds ?? 0))
            } else {
                print("  none yet (`paperboy serve` builds it once papers have embeddings)")
            }
        }
    }

    /// One index's figures, for `index status --json`.
    struct Report: Encodable {
        var path: String
        var exists: Bool
        var papers: Int?
        var terms: Int?
        var postingBytes: Int?
        /// The frequent words' bitmaps, made when the index is loaded.
        var bitmapBytes: Int?
        /// The frequent terms' top lists and second tiers.
        var topListBytes: Int?
        var memoryBytes: Int?
        var fileBytes: Int?
        var sequence: Int64?
        var storeSequence: Int64?
        var storeEmbedded: Int?
        var lag: Int64?
        var replacedRatio: Double?
        var loadSeconds: Double?
        /// Why the file cannot be used (a server rebuilds it at its next start).
        var unusable: String?
    }

    static func keywordReport(_ app: Bootstrap) async throws -> Report {
        let path = app.config.keywordIndexPath
        var report = Report(path: path, exists: FileManager.default.fileExists(atPath: path))
        guard report.exists else { return report }
        let latest = try await app.store.latestPaperChange()
        let clock = ContinuousClock()
        var status = KeywordSearchService.Status()
        do {
            report.loadSeconds = try clock.measure { status = try KeywordSearchService.describeSnapshot(path) }.seconds
        } catch {
            report.unusable = "\(error)"
            return report
        }
        report.papers = status.papers
        report.terms = status.terms
        report.postingBytes = status.postingBytes
        report.bitmapBytes = status.bitmapBytes
        report.topListBytes = status.topListBytes
        report.fileBytes = fileSize(path)
        report.sequence = status.sequence
        report.storeSequence = latest
        report.lag = max(0, latest - status.sequence)
        report.replacedRatio = status.deadShare
        return report
    }

    static func vectorReport(_ app: Bootstrap) async throws -> Report {
        let path = app.config.vectorIndexPath
        var report = Report(path: path, exists: FileManager.default.fileExists(atPath: path))
        guard report.exists else { return report }
        let clock = ContinuousClock()
        var index: PaperVectorIndex?
        do {
            report.loadSeconds = try clock.measure { index = try PaperVectorIndex.read(from: path) }.seconds
        } catch {
            report.unusable = "\(error)"
            return report
        }
        report.papers = index?.count
        report.memoryBytes = index?.memoryBytes
        report.storeEmbedded = try await app.store.embeddingCoverage(model: SentenceEmbedder.modelName).embedded
        let generation = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        report.fileBytes = fileSize("\(path).\(generation).graph") + fileSize("\(path).\(generation).ids")
        report.lag = Int64(abs((report.storeEmbedded ?? 0) - (report.papers ?? 0)))
        return report
    }

    static func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the indexes from the database and save them (a running server keeps its own until it restarts).")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Only the keyword index.")
        var keywordOnly = false

        func run() async throws {
            let app = try await Bootstrap.start(global)
            let started = ContinuousClock.now
            // Both at once: the keyword build leaves part of a core idle while it waits for
            // the next page's terms, which the vector build takes up.
            async let keyword = Self.buildKeywordIndex(app)
            async let vector = keywordOnly ? nil : Self.buildVectorIndex(app)
            let (keywordLine, vectorLine) = try await (keyword, vector)
            print(keywordLine)
            guard let vectorLine else { return }
            print(vectorLine)
            print(String(format: "both built in %.1f s", (ContinuousClock.now - started).seconds))
        }

        static func buildKeywordIndex(_ app: Bootstrap) async throws -> String {
            let path = app.config.keywordIndexPath
            let service = KeywordSearchService(store: app.store, snapshotPath: path, logger: app.logger)
            try await service.rebuild()
            let status = service.status
            return "keyword index of \(status.papers) papers built in \(String(format: "%.1f", status.buildSeconds)) s, \(status.terms) terms, saved to \(path)"
        }

        /// The vector index, from the stored embeddings (no model is needed).
        static func buildVectorIndex(_ app: Bootstrap) async throws -> String {
            let vectorPath = app.config.vectorIndexPath
            try? FileManager.default.removeItem(atPath: vectorPath)
            let started = ContinuousClock.now
            let semantic = SemanticIndex(store: app.store, modelDirectory: nil, indexPath: vectorPath, logger: app.logger)
            let index = try await semantic.snapshot()
            return "vector index of \(index.count) papers built in \(String(format: "%.1f", (ContinuousClock.now - started).seconds)) s, saved to \(vectorPath)"
        }
    }
}
