import Foundation
import GRDB
import Synchronization

/// Document frequencies of every indexed term that could pick similar papers, held in
/// memory. Reading one frequency from `papers_vocab` walks the term's whole posting list
/// (4 ms for "model"), and a paper has about a hundred distinct terms; loading them all once
/// takes about a second on the 93k-paper corpus and makes every lookup a hash probe.
///
/// Frequencies steer term choice only, so slightly stale ones are harmless: they are
/// reloaded when the number of papers has changed by more than 1%, at most every 10 minutes.
final class TermStatistics: Sendable {
    struct Snapshot: Sendable {
        let documents: Int
        let frequencies: [String: Int]
        /// Elapsed time only (a cache age), so the monotonic clock rather than the site's.
        let loadedAt: ContinuousClock.Instant
    }

    private let snapshot = Mutex<Snapshot?>(nil)
    private let loading = Mutex<Void>(())

    /// The current statistics, loading them first when missing or stale.
    func current(in db: Database) throws -> Snapshot {
        let documents = try Int.fetchOne(db, sql: "SELECT count(*) FROM papers") ?? 0
        if let fresh = snapshot.withLock({ $0 }), !Self.isStale(fresh, documents: documents) { return fresh }
        // One loader at a time; the others wait for its result rather than loading too.
        return try loading.withLock { _ in
            if let fresh = snapshot.withLock({ $0 }), !Self.isStale(fresh, documents: documents) { return fresh }
            var frequencies: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM papers_vocab")
            while let row = try rows.next() {
                let count: Int = row[1]
                if count >= 2 { frequencies[row[0]] = count }
            }
            let loaded = Snapshot(documents: documents, frequencies: frequencies, loadedAt: ContinuousClock.now)
            snapshot.withLock { $0 = loaded }
            return loaded
        }
    }

    private static func isStale(_ snapshot: Snapshot, documents: Int) -> Bool {
        let drift = abs(documents - snapshot.documents)
        return drift > max(1, snapshot.documents / 100) && ContinuousClock.now - snapshot.loadedAt > .seconds(600)
            || snapshot.documents == 0 && documents > 0
    }
}
