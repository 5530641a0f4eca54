/// A catalog of papers in memory.
public struct LibraryCatalogIndex: LibraryCatalog, Sendable {
    private var ids: Set<PaperID> = []
    private var dois: [String: PaperID] = [:]
    private var titles: [String: [PaperID]] = [:]

    public init(_ papers: some Sequence<Paper>) {
        add(papers)
    }

    public mutating func add(_ papers: some Sequence<Paper>) {
        for paper in papers {
            ids.insert(paper.id)
            if let doi = paper.doi.flatMap(LibraryReference.doi) { dois[doi] = paper.id }
            titles[LibraryReference.titleKey(paper.title), default: []].append(paper.id)
        }
    }

    public func contains(_ id: PaperID) -> Bool { ids.contains(id) }
    public func paper(doi: String) -> PaperID? { dois[doi] }
    public func papers(titleKey: String) -> [PaperID] { titles[titleKey] ?? [] }
}
