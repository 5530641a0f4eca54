import Foundation
import PaperboyCore

extension InMemoryPaperStore {
    public func upsert(_ papers: [Paper]) throws -> UpsertCounts {
        try write(papers)
    }

    /// Merges a batch with what is stored, as the SQLite store does in one transaction:
    /// duplicates within the batch merge first (first-seen order), a known paper takes
    /// `Paper.merged(with:)` and is written only when that changes it, and every row to
    /// write is checked before any is, so a refused paper leaves the store as it was.
    func write(_ batch: [Paper]) throws -> UpsertCounts {
        var counts = UpsertCounts()
        var rows: [Paper] = []
        var changed: [PaperID] = []
        for paper in batch.mergedByID() {
            let id = paper.id
            if let stored = papers[id] {
                let merged = stored.merged(with: paper)
                if merged == stored {
                    counts.unchanged += 1
                } else {
                    // Local votes are the store's own count: a write never sets them.
                    var row = merged
                    row.localVotes = stored.localVotes
                    rows.append(row)
                    if merged.searchedDifferently(from: stored) { changed.append(id) }
                    counts.updated += 1
                }
            } else {
                var row = paper
                row.localVotes = 0
                rows.append(row)
                changed.append(id)
                counts.inserted += 1
            }
        }
        for row in rows { try InMemoryPaperStore.check(row) }
        for row in rows { store(InMemoryPaperStore.asStored(row)) }
        changes += changed
        return counts
    }

    /// The constraints of the `papers` table.
    static func check(_ paper: Paper) throws {
        if paper.title.isEmpty { throw InMemoryStoreError.invalidPaper(paper.id, "empty title") }
        if let version = paper.version, version <= 0 { throw InMemoryStoreError.invalidPaper(paper.id, "version \(version)") }
        if let upvotes = paper.upvotes, upvotes < 0 { throw InMemoryStoreError.invalidPaper(paper.id, "upvotes \(upvotes)") }
    }

    /// The paper as the SQLite store reads it back: categories are kept space-separated,
    /// so a category holding a space comes back as two, and an empty one not at all.
    static func asStored(_ paper: Paper) -> Paper {
        var stored = paper
        stored.categories = paper.categories.joined(separator: " ").split(separator: " ").map(String.init)
        return stored
    }

    /// Writes one row and what hangs on it: the text index follows the new text, and new
    /// words (title or abstract, compared byte for byte as SQLite's triggers do) drop the
    /// paper's similar list and embedding, which were computed from the old ones.
    private func store(_ paper: Paper) {
        if let old = papers[paper.id],
           !old.title.utf8.elementsEqual(paper.title.utf8) || !(old.abstract ?? "").utf8.elementsEqual((paper.abstract ?? "").utf8)
            || (old.abstract == nil) != (paper.abstract == nil) {
            similarLists[paper.id] = nil
            embeddings[paper.id] = nil
        }
        papers[paper.id] = paper
        textIndex.index(paper)
    }
}
