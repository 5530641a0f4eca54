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

    /// Compact JSON, the same object `encode(to:)` writes; `extra` adds members (written
    /// as given) before the sorted ones.
    public func json(extra: [(key: String, json: String)] = []) -> String {
        var out = "{"
        // Grown once rather than doubling through a page of abstracts (about 1 KB of other
        // members per paper).
        out.reserveCapacity(results.reduce(256) { $0 + 1_024 + ($1.paper.abstract?.utf8.count ?? 0) })
        for (key, json) in extra { JSONText.appendString(key, to: &out); out += ":" + json + "," }
        if let mode { out += "\"mode\":\"\(mode.rawValue)\"," }
        out += "\"offset\":\(offset)"
        if let query { out += ",\"query\":"; JSONText.appendString(query, to: &out) }
        out += ",\"results\":["
        for (i, result) in results.enumerated() {
            if i > 0 { out += "," }
            result.write(to: &out)
        }
        return out + "],\"total\":\(total)}"
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
