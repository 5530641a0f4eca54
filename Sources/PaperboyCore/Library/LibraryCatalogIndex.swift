/// A catalog of papers in memory.
public struct LibraryCatalogIndex: LibraryCatalog, Sendable {
    private var ids: Set<PaperID> = []
    private var dois: [String: PaperID] = [:]
    /// The first paper of each title key, by the key's hash: a server keeps the catalog of
    /// every paper, and a title key kept as a string (with an array for the papers sharing
    /// it) cost about 150 bytes a paper. The hash is SipHash with a seed of this process, so
    /// nobody can choose a title that collides with another (and a collision would only
    /// offer a wrong paper to an import matching by title).
    private var titles: [Int: PaperID] = [:]
    /// The papers after the first with the same title key (rare: reprints, errata).
    private var moreTitles: [Int: [PaperID]] = [:]

    public init(_ papers: some Sequence<Paper>) {
        add(papers)
    }

    public mutating func add(_ papers: some Sequence<Paper>) {
        for paper in papers {
            ids.insert(paper.id)
            if let doi = paper.doi.flatMap(LibraryReference.doi) { dois[doi] = paper.id }
            let key = LibraryReference.titleKey(paper.title).hashValue
            if titles[key] == nil { titles[key] = paper.id } else { moreTitles[key, default: []].append(paper.id) }
        }
    }

    public func contains(_ id: PaperID) -> Bool { ids.contains(id) }
    public func paper(doi: String) -> PaperID? { dois[doi] }
    public func papers(titleKey: String) -> [PaperID] {
        let key = titleKey.hashValue
        guard let first = titles[key] else { return [] }
        return [first] + (moreTitles[key] ?? [])
    }
}
