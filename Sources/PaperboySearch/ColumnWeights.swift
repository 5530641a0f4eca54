import PaperboyCore

/// The weight of each column in bm25 (title, abstract, authors, categories), held inline:
/// the scorer reads them for every posting, and an array there cost a retain and a bounds
/// check each time.
struct ColumnWeights: Equatable, Sendable {
    var values: (Double, Double, Double, Double)

    init(_ weights: [Double]) {
        precondition(weights.count == 4, "one weight per column")
        values = (weights[0], weights[1], weights[2], weights[3])
    }

    static func == (a: ColumnWeights, b: ColumnWeights) -> Bool { a.values == b.values }

    /// `TextIndex.searchWeights`, which the blocks' frequency factors assume.
    static let search = ColumnWeights(TextIndex.searchWeights)
}
