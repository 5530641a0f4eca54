import Foundation

public struct SearchHit: Hashable, Sendable {
    public var paper: Paper
    /// Higher is better (a negated bm25 for text queries; 0 for filter-only queries).
    public var score: Double

    public init(paper: Paper, score: Double) {
        self.paper = paper
        self.score = score
    }
}
