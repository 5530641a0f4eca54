import Foundation
import PaperboyCore

extension InMemoryPaperStore {
    /// The kept list, or one computed now and kept; nil for an unknown paper.
    public func similar(to id: PaperID, limit: Int) -> [SearchHit]? {
        guard papers[id] != nil else { return nil }
        let list = similarLists[id] ?? computeSimilarLists(for: [id])[id]
        guard let list else { return nil }
        return list.entries.prefix(max(0, limit)).compactMap { entry in
            papers[entry.id].map { SearchHit(paper: $0, score: Double(entry.score)) }
        }
    }

    /// Papers without a list first (the latest to appear first), then lists computed
    /// before `cutoff` (the oldest first). As in SQLite a negative `limit` means no limit.
    public func fillSimilarLists(limit: Int, refreshingBefore cutoff: Date) -> Int {
        let missing = papers.values.filter { similarLists[$0.id] == nil }.sorted(by: InMemoryPaperStore.latestAppearedFirst)
        var ids = (limit < 0 ? missing : Array(missing.prefix(limit))).map(\.id)
        if ids.count < limit {
            let stale = similarLists.filter { $0.value.computedAt < cutoff.timeIntervalSince1970 }
                .sorted { ($0.value.computedAt, $0.key) < ($1.value.computedAt, $1.key) }
            ids += stale.prefix(limit - ids.count).map(\.key)
        }
        return computeSimilarLists(for: ids).count
    }

    public func similarListsMissing() -> Int {
        papers.keys.filter { similarLists[$0] == nil }.count
    }

    /// Computes and keeps the lists of `ids`, stamped with the store's clock.
    private func computeSimilarLists(for ids: [PaperID]) -> [PaperID: StoredSimilarList] {
        guard !ids.isEmpty else { return [:] }
        let computedAt = now().timeIntervalSince1970
        let frequencies = termFrequencies()
        var lists: [PaperID: StoredSimilarList] = [:]
        for id in ids {
            guard let paper = papers[id] else { continue }
            lists[id] = StoredSimilarList(entries: moreLikeThis(paper, documentFrequency: frequencies), computedAt: computedAt)
        }
        similarLists.merge(lists) { $1 }
        return lists
    }

    /// The document frequencies `MoreLikeThis` chooses words by, as the SQLite store reads
    /// them from `papers_vocab`: terms in at least two papers, as text. (SQLite reloads them
    /// only when the papers changed by over 1% and 10 minutes passed; these are always
    /// current.)
    private func termFrequencies() -> [String: Int] {
        var frequencies: [String: Int] = [:]
        for (term, count) in textIndex.documentFrequencies.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) where count >= 2 {
            frequencies[String(decoding: term, as: UTF8.self)] = count
        }
        return frequencies
    }

    /// A paper's similar papers, as the SQLite store finds them: its most distinctive title
    /// and abstract words (`MoreLikeThis`), each a phrase of the title or abstract weighted
    /// by how distinctive it is, ranked by bm25 with the title counting 2 and the abstract
    /// 1; the paper itself left out; scores kept as `Float`.
    private func moreLikeThis(_ paper: Paper, documentFrequency: [String: Int]) -> [(id: PaperID, score: Float)] {
        let words = MoreLikeThis.selectWords(MoreLikeThis.terms(of: paper), documentFrequency: documentFrequency, documents: papers.count)
        guard !words.isEmpty else { return [] }
        let query = TextQuery(groups: [words.map { TextQuery.Phrase($0.word, columns: [.title, .abstract], weight: $0.weight) }])
        let scores = textIndex.matches(query, columnWeights: [2, 1, 0, 0]).filter { $0.key != paper.id }
        return scores.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(MoreLikeThis.listLength).map { ($0.key, Float($0.value)) }
    }
}
