import PaperboyCore

extension InMemoryPaperStore {
    /// Papers without an embedding by `model` (a paper keeps one embedding, of the last
    /// model that made it), the latest to appear first.
    public func papersNeedingEmbedding(model: String, limit: Int) -> [Paper] {
        Array(papers.values.filter { embeddings[$0.id]?.model != model }
            .sorted(by: InMemoryPaperStore.latestAppearedFirst).prefix(max(0, limit)))
    }

    /// Papers gone meanwhile are skipped.
    public func saveEmbeddings(_ embeddings: [(id: PaperID, vector: [Float])], model: String) {
        for (id, vector) in embeddings where papers[id] != nil {
            self.embeddings[id] = (model, vector)
        }
    }

    /// In paper id order.
    public func embeddings(model: String) -> [(id: PaperID, vector: [Float])] {
        embeddings.filter { $0.value.model == model }.sorted { $0.key < $1.key }.map { ($0.key, $0.value.vector) }
    }

    public func embeddedPaperIDs(model: String) -> [PaperID] {
        embeddings.filter { $0.value.model == model }.map(\.key).sorted()
    }

    public func embeddings(ids: [PaperID], model: String) -> [(id: PaperID, vector: [Float])] {
        ids.compactMap { id in embeddings[id].flatMap { $0.model == model ? (id, $0.vector) : nil } }
    }

    public func embeddingCoverage(model: String) -> (embedded: Int, papers: Int) {
        (embeddings.values.filter { $0.model == model }.count, papers.count)
    }

    /// The latest to appear first (papers without a day last), then the higher id.
    static func latestAppearedFirst(_ a: Paper, _ b: Paper) -> Bool {
        switch (a.appeared, b.appeared) {
        case let (x?, y?) where x != y: x > y
        case (_?, nil): true
        case (nil, _?): false
        default: a.id > b.id
        }
    }
}
