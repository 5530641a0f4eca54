import Foundation
import Hummingbird
import PaperboyCore

/// `POST /api/papers/{id}/upvote`.
struct VoteJSON: Encodable {
    let id: String
    let upvotes: Int
    /// False when this visitor had already voted (nothing changed).
    let counted: Bool

    init(id: String, outcome: VoteOutcome) {
        self.id = id
        upvotes = outcome.total
        if case .counted = outcome { counted = true } else { counted = false }
    }
}
