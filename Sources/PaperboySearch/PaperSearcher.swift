import Foundation
import PaperboyCore
import PaperboyEmbed

/// Search in every mode, for the CLI, the web site, the API and the evaluation alike:
/// keyword search from the keyword index when one is loaded and can answer the query (the
/// store's otherwise: phrases, prefixes, filters only, orders by stars; both score alike);
/// semantic search ranks every embedded paper by cosine to the query's embedding; hybrid
/// fuses BM25 over any of the query's words with the semantic ranking (`RankFusion.hybrid`)
/// and re-orders the first candidates by their features (`HybridRanking`).
public struct PaperSearcher: Sendable {
    public let store: any PaperStore
    public let semantic: SemanticIndex
    /// The process's keyword index, when it keeps one.
    public var keywordIndex: KeywordSearchService?
    public var fusion = RankFusion.hybrid
    /// How hybrid search re-orders the fusion's first candidates.
    public var ranking = HybridRanking()
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

    /// Whether semantic and hybrid modes rank `request` by meaning: an id, or filters with no
    /// words, have no meaning to rank by, and an order by stars lists every match, which is
    /// what the keyword index gives; those are keyword searches in every mode.
    public static func ranksByMeaning(_ request: SearchRequest) -> Bool {
        request.sort == .relevance && request.query.paperID == nil && !request.query.meaningText.allSatisfy(\.isWhitespace)
    }

    public func search(_ request: SearchRequest, mode: SearchMode) async throws -> SearchResults {
        let meaning = request.query.meaningText
        guard mode != .keyword, Self.ranksByMeaning(request) else {
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
            let legs = try await legs(request, vector: vector, index: index)
            let (ranked, papers) = try await ranked(legs)
            let page = ranked.dropFirst(request.offset).prefix(request.limit)
            // The candidates' papers were read for ranking; a later page reads its own.
            let missing = page.map(\.id).filter { papers[$0] == nil }
            let read = missing.isEmpty ? [:] : Dictionary(try await store.papers(ids: missing).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let hits = page.compactMap { entry in (papers[entry.id] ?? read[entry.id]).map { SearchHit(paper: $0, score: entry.score) } }
            return SearchResults(total: ranked.count, hits: hits)
        }
    }

    /// A ranking of ids and scores as hits: the papers read from the store in one read,
    /// in the ranking's order (a paper gone meanwhile is left out).
    func hits(_ ranked: [(id: PaperID, score: Double)]) async throws -> [SearchHit] {
        let scores = Dictionary(ranked.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
        return try await store.papers(ids: ranked.map(\.id)).map { SearchHit(paper: $0, score: scores[$0.id] ?? 0) }
    }

    /// What hybrid search ranks: the two legs, each `depth` deep with their scores (bm25
    /// over any of the query's words, and cosine to the query's embedding, both with the
    /// request's filters), and the query's embedding and the vector index they came from.
    public struct Legs: Sendable {
        public var keyword: [(id: PaperID, score: Double)]
        public var semantic: [(id: PaperID, score: Double)]
        public var vector: [Float]
        public var index: PaperVectorIndex
        /// The query's words (for proximity and coverage).
        public var words: String
    }

    public func legs(_ request: SearchRequest, vector: [Float]? = nil, index: PaperVectorIndex? = nil) async throws -> Legs {
        var keywordRequest = request
        keywordRequest.query = request.query.anyWords
        keywordRequest.offset = 0
        keywordRequest.limit = depth
        let keyword: [(id: PaperID, score: Double)]
        if let found = keywordIndex?.search(keywordRequest, withTotal: false) {
            keyword = found.hits.map { ($0.id, $0.score) }
        } else {
            keyword = try await store.search(keywordRequest).hits.map { ($0.paper.id, $0.score) }
        }
        let snapshot: PaperVectorIndex
        if let index { snapshot = index } else { snapshot = try await semantic.snapshot() }
        var vector = vector
        if vector == nil { vector = await semantic.vector(for: request.query.meaningText) }
        guard let vector else { throw Unavailable(description: semantic.unavailableReason ?? "") }
        let (nearby, _) = try await nearest(snapshot, vector, request, count: depth)
        return Legs(keyword: keyword, semantic: nearby.map { ($0.id, Double($0.score)) }, vector: vector, index: snapshot,
                    words: request.query.meaningText)
    }

    /// What the ranker sees of a hybrid search: the legs' fusion, the candidates it re-ranks
    /// (the first `ranking.depth`) with their features, and those papers (read for the priors,
    /// and kept for the page: one read of 30 papers costs less than two reads, of their facts
    /// and then of the page).
    public struct Candidates: Sendable {
        public var fused: [(id: PaperID, score: Double)]
        public var head: [PaperID]
        public var features: [[Double]]
        public var papers: [PaperID: Paper]
    }

    public func candidates(_ legs: Legs) async throws -> Candidates {
        let fused = fusion.fuse([legs.keyword.map(\.id), legs.semantic.map(\.id)])
        let head = fused.prefix(ranking.depth).map(\.id)
        guard !head.isEmpty else { return Candidates(fused: fused, head: [], features: [], papers: [:]) }
        let papers = Dictionary(try await store.papers(ids: head).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let facts = papers.mapValues(PaperFacts.init)
        let cosines = Dictionary(legs.index.exactNearest(to: legs.vector, k: head.count, among: head).map { ($0.id, Double($0.score)) },
                                 uniquingKeysWith: { a, _ in a })
        let anchors = PaperSearcher.senseAnchors(head, ranking.ranker.off.contains(.popularity) ? [:] : facts, count: ranking.senseAnchors)
        let sense = legs.index.meanSimilarity(of: head, to: anchors).mapValues(Double.init)
        let text = keywordIndex?.textFeatures(of: head, words: legs.words) ?? PaperSearcher.textFeatures(of: papers, words: legs.words)
        let features = RankingCandidates(keyword: legs.keyword, semantic: legs.semantic, k: fusion.k)
            .rows(head, cosines: cosines, sense: sense, text: text, facts: facts,
                  priors: RankingPriors(categories: ranking.categories, today: ranking.today()))
        return Candidates(fused: fused, head: head, features: features, papers: papers)
    }

    /// Hybrid search's whole ranking (at most twice `depth`), best first: the candidates in
    /// `ranker`'s order, then the rest of the fusion in its order, scored below them; and the
    /// candidates' papers.
    public func ranked(_ legs: Legs, ranker: LinearRanker? = nil) async throws -> (ranking: [(id: PaperID, score: Double)], papers: [PaperID: Paper]) {
        let candidates = try await candidates(legs)
        return (PaperSearcher.ranking(candidates, by: ranker ?? ranking.ranker), candidates.papers)
    }

    public static func ranking(_ candidates: Candidates, by ranker: LinearRanker) -> [(id: PaperID, score: Double)] {
        let scores = ranker.scores(candidates.features)
        let order = LinearRanker.order(scores)
        var result = order.map { (id: candidates.head[$0], score: scores[$0]) }
        let floor = (scores.min() ?? 0) - 1
        let tail = candidates.fused.dropFirst(candidates.head.count)
        if let first = tail.first?.score { result += tail.map { ($0.id, floor - (first - $0.score)) } }
        return result
    }

    /// The papers whose meaning stands for the query's sense on this site: the candidates
    /// readers voted for most (upvotes and votes), then the best fused ones. "diffusion" on a
    /// site of machine-learning papers means what its upvoted diffusion papers are about.
    /// Without facts (popularity switched off) the best fused ones alone.
    static func senseAnchors(_ head: [PaperID], _ facts: [PaperID: PaperFacts], count: Int) -> [PaperID] {
        let votes = head.map { facts[$0]?.votes ?? 0 }
        let order = head.indices.sorted { votes[$0] != votes[$1] ? votes[$0] > votes[$1] : $0 < $1 }
        return order.prefix(count).map { head[$0] }
    }

    /// Text features from the papers' text, when no keyword index is loaded (slower: the
    /// index keeps positions so that searches need not tokenize).
    static func textFeatures(of papers: [PaperID: Paper], words: String) -> [PaperID: TextMatchFeatures] {
        var numbers: [[UInt8]: Int] = [:]
        for token in TextTokenizer.tokens(words) where numbers[token.term] == nil { numbers[token.term] = numbers.count }
        // As the index keeps them: at most `maximumPositions` terms, the title's first.
        let texts = papers.mapValues { paper -> (title: [Int], abstract: [Int]) in
            let title = TextTokenizer.tokens(paper.title).prefix(KeywordIndex.maximumPositions).map { numbers[$0.term] ?? -1 }
            let abstract = TextTokenizer.tokens(paper.abstract ?? "").prefix(KeywordIndex.maximumPositions - title.count).map { numbers[$0.term] ?? -1 }
            return (title, abstract)
        }
        // No document counts without the index: every word weighs alike, lengths are these papers'.
        let count = Double(max(1, texts.count))
        let query = TextMatchFeatures.Query(terms: Array(0..<numbers.count), idf: Array(repeating: 1, count: numbers.count),
                                            averageTitle: Double(texts.values.reduce(0) { $0 + $1.title.count }) / count,
                                            averageAbstract: Double(texts.values.reduce(0) { $0 + $1.abstract.count }) / count)
        return texts.mapValues { TextMatchFeatures.of(title: $0.title, abstract: $0.abstract, query: query) }
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
