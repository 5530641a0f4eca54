import ArgumentParser
import Foundation
import PaperboyCore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import papers from files (JSON Lines, Kaggle arXiv snapshot, arXiv Atom/OAI-PMH/.abs, Hugging Face daily papers, text pages; .gz read as is)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "auto, \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String = "auto"

    @Option(help: "Papers written per transaction.")
    var batchSize: Int = 5_000

    @Flag(help: "Read and check the files without writing anything.")
    var dryRun = false

    @Argument(help: "Files to import; a directory stands for every file in it, recursively, in name order.")
    var files: [String]

    func validate() throws {
        guard format == "auto" || ImportFormat(rawValue: format) != nil else {
            throw ValidationError("--format: '\(format)' is not one of auto, \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size: must be between 1 and 100000") }
    }

    func run() async throws {
        let importer: Importer
        if dryRun {
            importer = Importer(store: nil, batchSize: batchSize, logger: try Bootstrap.configure(global).1)
        } else {
            let app = try await Bootstrap.start(global, createDatabase: true)
            importer = Importer(store: app.store, batchSize: batchSize, logger: app.logger)
        }
        let progress = ImportProgress(interactive: isatty(STDERR_FILENO) == 1)
        let clock = ContinuousClock()
        var reports: [FileImportReport] = []
        let started = clock.now
        for path in ImportCommand.expandingDirectories(files) {
            let fileStarted = clock.now
            progress.begin()
            let report = try await importer.importFile(path, format: ImportFormat(rawValue: format), observer: progress)
            progress.finishLine()
            progress.printIssueOverflow(path: path)
            reports.append(report)
            print(ImportCommand.summary(report, seconds: (clock.now - fileStarted).seconds, dryRun: dryRun))
            if let error = report.error { printError("error: \(error)") }
        }
        if reports.count > 1 {
            var total = FileImportReport(path: "total")
            for r in reports {
                total.read += r.read
                total.counts = total.counts + r.counts
                total.skipped += r.skipped
            }
            print(ImportCommand.summary(total, seconds: (clock.now - started).seconds, dryRun: dryRun))
        }
        let failed = reports.filter(\.failed)
        if !failed.isEmpty {
            for report in failed where report.error == nil {
                printError("error: \(report.path): no valid papers found")
            }
            throw ExitCode.failure
        }
    }

    /// Replaces each directory by the regular files below it (hidden ones skipped), sorted,
    /// so that `paperboy import harvest/` imports a whole harvest in a stable order.
    static func expandingDirectories(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                  let walker = FileManager.default.enumerator(atPath: path) else { return [path] }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                let full = (path as NSString).appendingPathComponent(relative)
                var childIsDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &childIsDirectory), !childIsDirectory.boolValue {
                    found.append(full)
                }
            }
            return found.sorted()
        }
    }

    static func summary(_ r: FileImportReport, seconds: Double, dryRun: Bool) -> String {
        let format = r.format.map { " (\($0.rawValue))" } ?? ""
        let rate = seconds > 0 ? Int(Double(r.valid) / seconds) : 0
        if dryRun {
            return "\(r.path)\(format): read \(r.read), valid \(r.valid), skipped \(r.skipped) in "
                + "\(String(format: "%.1f", seconds)) s (dry run, nothing written)"
        }
        return "\(r.path)\(format): read \(r.read), new \(r.counts.inserted), updated \(r.counts.updated), "
            + "unchanged \(r.counts.unchanged), skipped \(r.skipped) in \(String(format: "%.1f", seconds)) s (\(rate) papers/s)"
    }
}

func printError(_ message: String) {
    // Messages quote records and paths: no escape sequence of theirs reaches the terminal.
    FileHandle.standardError.write(Data((TerminalText.safe(message) + "\n").utf8))
}
