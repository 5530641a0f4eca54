import PaperboyCore

/// A paper's terms as `KeywordIndex.add` takes them, worked out apart from the index so that
/// a build tokenizes the next papers on one core while the index takes these on another:
/// its distinct terms (in order of first occurrence) with their frequencies per column, and
/// its title, abstract and category tokens as numbers into them. Made by `PaperAnalyser`.
struct AnalysedPaper: Sendable {
    var id: PaperID
    /// The published day as yyyymmdd, 0 for none.
    var published: Int32
    /// The distinct terms' bytes, one after the other: term t ends at `termEnds[t]` (one
    /// buffer, not an array a term: the index copies the few it has not seen).
    var termBytes: [UInt8] = []
    var termEnds: [UInt32] = []
    var frequencies: [ColumnFrequencies] = []
    /// Title tokens, then the first abstract tokens (at most `KeywordIndex.maximumPositions`
    /// in all), as numbers into `terms`.
    var title: [UInt32] = []
    var abstract: [UInt32] = []
    /// The categories column's tokens, in order.
    var categories: [UInt32] = []
    /// Tokens in every column.
    var length: UInt32 = 0
}
