import Foundation

/// What bm25 and similar-paper queries read from the whole corpus, loaded in one consistent
/// read and kept: the papers, their terms in all, and each term's document frequency in the
/// title, abstract and authors (`ts_stat` with weights A, B and C: the columns a plain word
/// searches). Counting one common word's papers through the GIN index took 0.3-0.6 s at 93k
/// papers, and a digest run asks for hundreds; the whole table loads in a few seconds.
///
/// Terms change only with the change sequence (`PaperChangeStore`), so statistics loaded at
/// the latest sequence are exact: scoring reloads them whenever it has moved. Similar-paper
/// lists, where frequencies only steer the choice of words, reload them as the SQLite store
/// does: when the number of papers has changed by more than 1%, at most every 10 minutes.
struct PostgresTermStatistics: Sendable {
    let sequence: Int64
    let documents: Int
    let totalLength: Int
    let frequencies: [String: Int]
    /// Elapsed time only (a cache age), so the monotonic clock rather than the site's.
    let loadedAt: ContinuousClock.Instant

    func isStale(documents now: Int) -> Bool {
        let drift = abs(now - documents)
        return drift > max(1, documents / 100) && ContinuousClock.now - loadedAt > .seconds(600)
            || documents == 0 && now > 0
    }
}
