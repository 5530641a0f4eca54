import Foundation
import PaperboyCore
import PaperboyEmbed

/// Search in every mode, for the CLI, the web site, the API and the evaluation alike:
/// keyword search from the keyword index when one is loaded and can answer the query (the
/// store's otherwise: phrases, prefixes, filters only, orders by stars; both score alike);
/// semantic search ranks every embedded paper by cosine to the query's embedding; hybrid
/// fuses BM25 over any of the query's words with the semantic ranking (`RankFusion.hybrid`).
public struct PaperSearcher: Sendable {
    public let store: any PaperStore
    public let semantic: SemanticIndex
    /// The process's keyword index, when it keeps one.
    public var keywordIndex: KeywordSearchService?
    public var fusion = RankFusion.hybrid
    /// How deep each ranking goes before fusion; also the most a hybrid search returns.
    public var depth = 100

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    public init(store: any PaperStore, semantic: SemanticIndex, keywordIndex: KeywordSearchService? = nil) {
        self.store = store
        self.semantic = semantic
        self.keywordIndex = keywordIndex
    }

    /// Keyword search: a page of the index's top k with the papers read from the store (one
    /// read), or the store's own search when the index cannot answer.
    public func keywordSearch(_ request: SearchRequest, withTotal: Bool = true) async throws -> SearchResults {
        guard let found = keywordIndex?.search(request, withTotal: withTotal) else { return try await store.search(request) }
        let page = try await hits(found.hits.map { ($0.id, $0.score) })
        return SearchResults(total: found.total ?? page.count, hits: page)
    }

    /// Hybrid when the model is installed and papers have embeddings, else keyword.
    public func defaultMode() async -> SearchMode {
        guard semantic.embedder != nil, let index = try? await semantic.snapshot(), index.count > 0 else { return .keyword }
        return .hybrid
    }

    /// Why `mode` cannot run here (no model, no embeddings), or nil when it can.
    public func unavailability(of mode: SearchMode) async throws -> String? {
        guard mode != .keyword else { return nil }
        if let reason = semantic.unavailableReason { return reason }
        guard try await semantic.snapshot().count > 0 else {
            return "semantic search is unavailable: no paper has an embedding yet (run `paperboy embed`)"
        }
        return nil
    }

    public func search(_ request: SearchRequest, mode: SearchMode) async throws -> SearchResults {
        let meaning = request.query.meaningText
        // An id, or filters with no words: there is no meaning to rank by; and an order by
        // stars lists every match, which is what the keyword index gives.
        guard mode != .keyword, request.sort == .relevance, request.query.paperID == nil, !meaning.allSatisfy(\.isWhitespace) else {
            return try await keywordSearch(request)
        }
        if let reason = try await unavailability(of: mode) { throw Unavailable(description: reason) }
        let index = try await semantic.snapshot()
        guard let vector = await semantic.vector(for: meaning) else { throw Unavailable(description: semantic.unavailableReason ?? "") }
        let wanted = request.offset + request.limit
        switch mode {
        case .keyword:
            return try await keywordSearch(request)
        case .semantic:
            let (ranked, total) = try await nearest(index, vector, request, count: wanted)
            let page = Array(ranked.dropFirst(request.offset))
            return SearchResults(total: total, hits: try await hits(page.map { ($0.id, Double($0.score)) }))
        case .hybrid:
            let (keyword, semantic) = try await legs(request, vector: vector, index: index)
            return try await fused(keyword: keyword, semantic: semantic, page: request)
        }
    }

    /// A ranking of ids and scores as hits: the papers read from the store in one read,
    /// in the ranking's order (a paper gone meanwhile is left out).
    func hits(_ ranked: [(id: PaperID, score: Double)]) async throws -> [SearchHit] {
        let scores = Dictionary(ranked.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
        return try await store.papers(ids: ranked.map(\.id)).map { SearchHit(paper: $0, score: scores[$0.id] ?? 0) }
    }

    /// Hybrid results from the two rankings (`legs`): their fusion, paged as `request` asks;
    /// only the page's papers are read.
    public func fused(keyword: [PaperID], semantic: [PaperID], page request: SearchRequest) async throws -> SearchResults {
        let fused = fusion.fuse([keyword, semantic])
        let page = fused.dropFirst(request.offset).prefix(request.limit)
        return SearchResults(total: fused.count, hits: try await hits(page.map { ($0.id, $0.score) }))
    }

    /// The two rankings hybrid search fuses, each `depth` deep, as ids: BM25 over any of the
    /// query's words, and the nearest papers by meaning (both with the request's filters).
    public func legs(_ request: SearchRequest, vector: [Float]? = nil, index: PaperVectorIndex? = nil) async throws
        -> (keyword: [PaperID], semantic: [PaperID]) {
        var keywordRequest = request
        keywordRequest.query = request.query.anyWords
        keywordRequest.offset = 0
        keywordRequest.limit = depth
        let keyword: [PaperID]
        if let found = keywordIndex?.search(keywordRequest, withTotal: false) {
            keyword = found.hits.map(\.id)
        } else {
            keyword = try await store.search(keywordRequest).hits.map(\.paper.id)
        }
        let snapshot: PaperVectorIndex
        if let index { snapshot = index } else { snapshot = try await semantic.snapshot() }
        var vector = vector
        if vector == nil { vector = await semantic.vector(for: request.query.meaningText) }
        guard let vector else { throw Unavailable(description: semantic.unavailableReason ?? "") }
        let (nearby, _) = try await nearest(snapshot, vector, request, count: depth)
        return (keyword, nearby.map(\.id))
    }

    /// The `count` nearest papers that pass the request's filters, best first, and how many
    /// papers the ranking covers. With filters, the papers they admit come from the keyword
    /// index: when they are few (`exactShare`) the nearest among them are found exactly,
    /// otherwise the graph walk skips the others; either way a page is full when enough papers
    /// pass. Without a keyword index (or with detail filters) the nearest `filteredPool`
    /// papers are checked one by one. Papers are read from the store only to check filters.
    func nearest(_ index: PaperVectorIndex, _ vector: [Float], _ request: SearchRequest,
                 count: Int) async throws -> (ranked: [(id: PaperID, score: Float)], total: Int) {
        let filtered = request.query.hasFilters || request.since != nil || request.until != nil
        guard filtered else { return (index.nearest(to: vector, k: count), index.count) }
        var ranked: [(id: PaperID, score: Float)]
        var total: Int?
        if let admitted = keywordIndex?.admitted(by: request) {
            (ranked, total) = index.nearest(to: vector, k: count, among: admitted, exactShare: PaperSearcher.exactShare)
        } else {
            ranked = index.nearest(to: vector, k: max(PaperSearcher.filteredPool, count))
        }
        // The request's own check as well: details the keyword index does not hold.
        let passing = Set(try await store.papers(ids: ranked.map(\.id)).filter(request.admits).map(\.id))
        let admitted = ranked.filter { passing.contains($0.id) }
        return (Array(admitted.prefix(count)), total ?? admitted.count)
    }

    /// Without a keyword index, the nearest this many papers are checked against filters.
    static let filteredPool = 2_000
    /// A filter admitting at most this share of the papers is ranked by an exact scan of them.
    static let exactShare = 0.05

    /// Papers nearest in meaning to a paper (itself excluded), when it has an embedding.
    public func similar(to id: PaperID, limit: Int) async throws -> [SearchHit]? {
        guard semantic.embedder != nil, let ranked = try await semantic.neighbours(of: id, k: limit) else { return nil }
        let scores = Dictionary(uniqueKeysWithValues: ranked.map { ($0.id, $0.score) })
        return try await store.papers(ids: ranked.map(\.id)).map { SearchHit(paper: $0, score: Double(scores[$0.id]!)) }
    }
}
