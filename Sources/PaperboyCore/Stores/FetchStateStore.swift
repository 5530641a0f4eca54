import Foundation

/// Where fetchers keep their progress (a harvest's resumption point, the last day read).
public protocol FetchStateStore: Sendable {
    /// Merges a batch of papers as `PaperStore.upsert` does, saving a fetcher's progress
    /// (`state` under `key`) in the same transaction, so that progress never runs ahead of,
    /// nor behind, the papers it brought.
    func upsert(_ papers: [Paper], saving state: (key: String, value: String)) async throws -> UpsertCounts
    /// A fetcher's saved progress.
    func fetchState(_ key: String) async throws -> String?
    /// Every fetcher's saved progress, with the time it was saved.
    func fetchStates() async throws -> [(key: String, value: String, savedAt: Date)]
}
