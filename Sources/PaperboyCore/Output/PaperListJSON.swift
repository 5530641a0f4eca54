import Foundation

/// A list of papers: `{"query": ..., "total": n, "offset": k, "results": [...]}`, and for
/// searches the `mode` that ranked them.
public struct PaperListJSON: Encodable, Sendable {
    public var query: String?
    public var total: Int
    public var offset: Int
    public var mode: SearchMode?
    public var results: [PaperJSON]

    public init(query: String?, total: Int, offset: Int, mode: SearchMode? = nil, hits: [SearchHit]) {
        self.query = query
        self.total = total
        self.offset = offset
        self.mode = mode
        results = hits.map { PaperJSON($0.paper, score: $0.score) }
    }

    enum CodingKeys: String, CodingKey { case query, total, offset, mode, results }

    /// Compact JSON as UTF-8, as a response sends it: the same object `encode(to:)` writes;
    /// `extra` adds members (written as given) before the sorted ones.
    public func jsonBytes(extra: [(key: String, json: String)] = []) -> [UInt8] {
        var out: [UInt8] = []
        // Grown once rather than doubling through a page of abstracts (about 1 KB of other
        // members per paper).
        out.reserveCapacity(results.reduce(256) { $0 + 1_024 + ($1.paper.abstract?.utf8.count ?? 0) })
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        raw("{")
        for (key, json) in extra {
            JSONText.appendString(key, to: &out)
            raw(":" + json + ",")
        }
        if let mode { raw("\"mode\":\"\(mode.rawValue)\",") }
        raw("\"offset\":\(offset)")
        if let query {
            raw(",\"query\":")
            JSONText.appendString(query, to: &out)
        }
        raw(",\"results\":[")
        for (i, result) in results.enumerated() {
            if i > 0 { raw(",") }
            result.write(to: &out)
        }
        raw("],\"total\":\(total)}")
        return out
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let query { try c.encode(query, forKey: .query) }
        try c.encode(total, forKey: .total)
        try c.encode(offset, forKey: .offset)
        try c.encodeIfPresent(mode?.rawValue, forKey: .mode)
        try c.encode(results, forKey: .results)
    }
}
