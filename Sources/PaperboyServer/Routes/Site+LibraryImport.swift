import Foundation
import PaperboyCore

/// What importing a library file did.
struct LibraryImportOutcome: Sendable {
    var format: LibraryFile.Format
    var report: LibraryMatcher.Report
    /// Matched papers that were not in the collection yet.
    var added: Int
    /// Entries the reader could not parse (a broken BibTeX entry, with its line).
    var problems: [String]
    /// Title and DOI matching waits for the catalog the recommender builds (after a start,
    /// once there is an account).
    var titlesUnavailable: Bool
}

/// The lookups of an import: arXiv ids asked of the store, DOIs and titles of the catalog
/// built beside the recommendation corpus (nil until it is).
struct ImportCatalog: LibraryCatalog {
    let present: Set<PaperID>
    let index: LibraryCatalogIndex?

    func contains(_ id: PaperID) -> Bool { present.contains(id) || index?.contains(id) == true }
    func paper(doi: String) -> PaperID? { index?.paper(doi: doi) }
    func papers(titleKey: String) -> [PaperID] { index?.papers(titleKey: titleKey) ?? [] }
}

extension Site {
    /// Reads a BibTeX, CSL-JSON or id-list file, matches its entries to the site's papers
    /// and saves the matches into `collection`.
    func importLibrary(_ text: String, into collection: String, account: Int64) async throws -> LibraryImportOutcome {
        let contents: LibraryFile.Contents
        do { contents = try LibraryFile.read(text) } catch let error as LibraryFile.TooLarge {
            throw AppError(.contentTooLarge, "The file is too large: \(error.description).")
        }
        var present = Set<PaperID>()
        let ids = Array(Set(contents.references.compactMap(\.arxivID)))
        for start in stride(from: 0, to: ids.count, by: 500) {
            present.formUnion(try await store.papers(ids: Array(ids[start..<min(start + 500, ids.count)])).map(\.id))
        }
        let index = await recommender.catalog(from: store, logger: logger, waitingUpTo: .seconds(30))
        let report = LibraryMatcher.match(contents.references, in: ImportCatalog(present: present, index: index))
        var added = 0
        let now = now()
        for match in report.matched where try await store.save(match.paper, in: collection, account: account, at: now) == true {
            added += 1
        }
        logger.info("library imported", metadata: ["account": "\(account)", "format": "\(contents.format.rawValue)",
                                                   "matched": "\(report.matched.count)", "unmatched": "\(report.unmatched.count)"])
        return LibraryImportOutcome(format: contents.format, report: report, added: added, problems: contents.problems,
                                    titlesUnavailable: index == nil)
    }
}
