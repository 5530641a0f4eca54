import Foundation
import PaperboyCore
import PaperboyEmbed
import PaperboySearch

extension Bootstrap {
    /// The keyword index a command searches with: the snapshot the server keeps beside the
    /// database.
    enum KeywordIndexUse {
        /// Loaded when a snapshot exists; otherwise the store answers (a one-off search
        /// should not wait for an index to be built).
        case ifSaved
        /// Loaded, or built and saved when there is none (evaluations and benchmarks).
        case always
    }

    /// A searcher set up as the site's: the model (`modelDirectory`, else the configured one),
    /// the vector index beside the database, the configured hybrid ranking, and the keyword
    /// index as `keywordIndex` says (its positions give ranking the features its weights were
    /// fitted on).
    func searcher(modelDirectory: String?, keywordIndex use: KeywordIndexUse) async throws -> PaperSearcher {
        let semantic = SemanticIndex(store: store, modelDirectory: modelDirectory ?? config.modelDirectory,
                                     indexPath: config.server.vectorIndexPath, logger: logger)
        var searcher = PaperSearcher(store: store, semantic: semantic)
        searcher.ranking = config.server.hybridRanking(now: now)
        if let path = config.server.keywordIndexPath, use == .always || FileManager.default.fileExists(atPath: path) {
            let keywordIndex = KeywordSearchService(store: store, snapshotPath: path, logger: logger)
            try await keywordIndex.open()
            searcher.keywordIndex = keywordIndex
        }
        return searcher
    }
}
