/// Finds the papers an imported library refers to: by arXiv id, then by DOI, then by title
/// (normalised, see `LibraryReference.titleKey`; only when exactly one paper has that title).
/// `LibraryCatalog` answers the lookups; the report says what matched, how, and why the rest
/// did not.
public struct LibraryMatcher {
    public enum Method: String, Sendable {
        case arxivID = "arxiv id", doi, title
    }

    public struct Match: Sendable, Equatable {
        public var reference: LibraryReference
        public var paper: PaperID
        public var method: Method
    }

    public struct Miss: Sendable, Equatable {
        public var reference: LibraryReference
        public var reason: String
    }

    public struct Report: Sendable {
        public var matched: [Match] = []
        public var unmatched: [Miss] = []
        /// Papers two references named (kept once).
        public var duplicates = 0
    }

    public static func match(_ references: [LibraryReference], in catalog: LibraryCatalog) -> Report {
        var report = Report()
        var seen = Set<PaperID>()
        for reference in references {
            var found: (PaperID, Method)?
            var reason = "no arXiv id, DOI or title"
            if let id = reference.arxivID {
                if catalog.contains(id) { found = (id, .arxivID) } else { reason = "arXiv \(id.rawValue) is not in this site's papers" }
            }
            if found == nil, let doi = reference.doi {
                if let id = catalog.paper(doi: doi) { found = (id, .doi) } else if reference.arxivID == nil { reason = "no paper here has the DOI \(doi)" }
            }
            if found == nil, let title = reference.title {
                let candidates = catalog.papers(titleKey: LibraryReference.titleKey(title))
                if candidates.count == 1 {
                    found = (candidates[0], .title)
                } else if reference.arxivID == nil, reference.doi == nil {
                    reason = candidates.isEmpty ? "no paper here has this title" : "\(candidates.count) papers here have this title"
                }
            }
            if let (paper, method) = found {
                if seen.insert(paper).inserted {
                    report.matched.append(Match(reference: reference, paper: paper, method: method))
                } else {
                    report.duplicates += 1
                }
            } else {
                report.unmatched.append(Miss(reference: reference, reason: reason))
            }
        }
        return report
    }
}
