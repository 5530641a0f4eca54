import Foundation
import Logging
import PaperboyCore

/// A few hundred real recent papers (two weeks of Hugging Face Daily Papers plus the newest
/// arXiv papers of the corpus), shipped with the server so a new instance shows a working
/// site at once.
public enum SampleData {
    public static var path: String? {
        Bundle.module.url(forResource: "Resources", withExtension: nil)?.appendingPathComponent("sample-papers.jsonl.gz").path
    }

    /// Imports the sample when the store holds no papers; returns how many went in.
    @discardableResult
    public static func loadIfEmpty(into store: any PaperStore, logger: Logger) async throws -> Int {
        guard try await store.count() == 0, let path else { return 0 }
        let report = try await Importer(store: store, logger: logger).importFile(path, format: .jsonl)
        logger.notice("empty database: loaded the bundled sample papers", metadata: ["papers": "\(report.counts.inserted)"])
        return report.counts.inserted
    }
}
