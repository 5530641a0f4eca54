import Foundation

public struct SearchHit: Hashable, Sendable {
    public var paper: Paper
    /// Higher is better (a negated bm25 for text queries; 0 for filter-only queries).
    public var score: Double

    public init(paper: Paper, score: Double) {
        self.paper = paper
        self.score = score
    }

    /// The order of papers a digest chooses from (`PaperStore.papersAppeared`): the higher
    /// score, then the most voted, then the lower id.
    public static func appearedOrder(_ a: SearchHit, _ b: SearchHit) -> Bool {
        if a.score != b.score { return a.score > b.score }
        let votesA = a.paper.totalUpvotes ?? 0, votesB = b.paper.totalUpvotes ?? 0
        if votesA != votesB { return votesA > votesB }
        return a.paper.id < b.paper.id
    }
}
