import Foundation

/// Document frequencies of every term in at least two papers, for choosing the words of
/// similar-paper queries (`MoreLikeThis`). Loading them reads every paper's terms
/// (`ts_stat`), so they are kept, and reloaded as the SQLite store reloads its own: when the
/// number of papers has changed by more than 1%, at most every 10 minutes. Frequencies
/// steer word choice only, so slightly stale ones are harmless.
struct PostgresTermStatistics: Sendable {
    let documents: Int
    let frequencies: [String: Int]
    /// Elapsed time only (a cache age), so the monotonic clock rather than the site's.
    let loadedAt: ContinuousClock.Instant

    func isStale(documents now: Int) -> Bool {
        let drift = abs(now - documents)
        return drift > max(1, documents / 100) && ContinuousClock.now - loadedAt > .seconds(600)
            || documents == 0 && now > 0
    }
}
