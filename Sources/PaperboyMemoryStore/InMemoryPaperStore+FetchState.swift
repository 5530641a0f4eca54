import Foundation
import PaperboyCore

extension InMemoryPaperStore {
    /// The batch and the fetcher's progress together: when the batch is refused, the
    /// progress is not saved either.
    public func upsert(_ papers: [Paper], saving state: (key: String, value: String)) throws -> UpsertCounts {
        let counts = try write(papers)
        // Through Unix seconds, as SQLite keeps the time.
        fetchProgress[state.key] = (state.value, Date(timeIntervalSince1970: now().timeIntervalSince1970))
        return counts
    }

    public func fetchState(_ key: String) -> String? { fetchProgress[key]?.value }

    /// By key, as SQLite orders them.
    public func fetchStates() -> [(key: String, value: String, savedAt: Date)] {
        fetchProgress.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value, $0.value.savedAt) }
    }
}
