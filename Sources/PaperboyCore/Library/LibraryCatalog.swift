/// The lookups a library import needs. `LibraryCatalogIndex` holds them in memory for a list
/// of papers (the tests, `eval`); a store can answer them with its own indexes.
public protocol LibraryCatalog {
    func contains(_ id: PaperID) -> Bool
    func paper(doi: String) -> PaperID?
    /// The papers whose title has this key.
    func papers(titleKey: String) -> [PaperID]
}
