import Foundation
import PaperboyCore

/// A paper's kept list of similar papers, as the `similar_lists` table holds it: scores as
/// `Float`, as SQLite stores them, and the time it was computed as Unix seconds.
struct StoredSimilarList: Sendable {
    var entries: [(id: PaperID, score: Float)]
    var computedAt: TimeInterval
}
