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
        let papers = try await store.papers(ids: found.hits.map(\.id))
        // A paper gone from the store since the index saw it is left out.
        let scores = Dictionary(found.hits.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
        return SearchResults(total: found.total ?? papers.count, hits: papers.map { SearchHit(paper: $0, score: scores[$0.id] ?? 0) })
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
            let (papers, total) = try await nearest(index, vector, request, count: wanted)
            let page = papers.dropFirst(request.offset).map { SearchHit(paper: $0.paper, score: Double($0.score)) }
            return SearchResults(total: total, hits: Array(page))
        case .hybrid:
            let (keyword, semantic) = try await legs(request, vector: vector, index: index)
            return fused(keyword: keyword, semantic: semantic, page: request)
        }
    }

    /// Hybrid results from the two rankings (`legs`): their fusion, paged as `request` asks.
    public func fused(keyword: [SearchHit], semantic: [(paper: Paper, score: Float)], page request: SearchRequest) -> SearchResults {
        let fused = fusion.fuse([keyword.map(\.paper.id), semantic.map(\.paper.id)])
        var known: [PaperID: Paper] = [:]
        for hit in keyword { known[hit.paper.id] = hit.paper }
        for hit in semantic { known[hit.paper.id] = hit.paper }
        let page = fused.dropFirst(request.offset).prefix(request.limit)
        return SearchResults(total: fused.count, hits: page.compactMap { entry in
            known[entry.id].map { SearchHit(paper: $0, score: entry.score) }
        })
    }

    /// The two rankings hybrid search fuses, each `depth` deep: BM25 over any of the
    /// query's words, and the nearest papers by meaning (both with the request's filters).
    public func legs(_ request: SearchRequest, vector: [Float]? = nil, index: PaperVectorIndex? = nil) async throws
        -> (keyword: [SearchHit], semantic: [(paper: Paper, score: Float)]) {
        var keywordRequest = request
        keywordRequest.query = request.query.anyWords
        keywordRequest.offset = 0
        keywordRequest.limit = depth
        let keyword = try await keywordSearch(keywordRequest, withTotal: false).hits
        let snapshot: PaperVectorIndex
        if let index { snapshot = index } else { snapshot = try await semantic.snapshot() }
        var vector = vector
        if vector == nil { vector = await semantic.vector(for: request.query.meaningText) }
        guard let vector else { throw Unavailable(description: semantic.unavailableReason ?? "") }
        let (nearby, _) = try await nearest(snapshot, vector, request, count: depth)
        return (keyword, nearby)
    }

    /// The `count` nearest papers that pass the request's filters, and how many papers the
    /// ranking covers. With filters, the papers they admit come from the keyword index: when
    /// they are few (`exactShare`) the nearest among them are found exactly, otherwise the
    /// graph walk skips the others; either way a page is full when enough papers pass.
    /// Without a keyword index (or with detail filters) the nearest `filteredPool` papers are
    /// checked one by one.
    func nearest(_ index: PaperVectorIndex, _ vector: [Float], _ request: SearchRequest,
                         count: Int) async throws -> (papers: [(paper: Paper, score: Float)], total: Int) {
        let filtered = request.query.hasFilters || request.since != nil || request.until != nil
        guard filtered else {
            let ranked = index.nearest(to: vector, k: count)
            let scores = Dictionary(ranked.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
            return (try await store.papers(ids: ranked.map(\.id)).map { ($0, scores[$0.id]!) }, index.count)
        }
        var ranked: [(id: PaperID, score: Float)]
        var total: Int?
        if let admitted = keywordIndex?.admitted(by: request) {
            let embedded = admitted.filter(index.contains)
            total = embedded.count
            if Double(embedded.count) <= PaperSearcher.exactShare * Double(index.count) {
                ranked = index.exactNearest(to: vector, k: count, among: embedded)
            } else {
                ranked = index.nearest(to: vector, k: count, admitted: Set(embedded))
            }
        } else {
            ranked = index.nearest(to: vector, k: max(PaperSearcher.filteredPool, count))
        }
        let scores = Dictionary(ranked.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
        // The request's own check as well: details the keyword index does not hold.
        let admitted = try await store.papers(ids: ranked.map(\.id)).filter(request.admits)
        return (admitted.prefix(count).map { ($0, scores[$0.id]!) }, total ?? admitted.count)
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
