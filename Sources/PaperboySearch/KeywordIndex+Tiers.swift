import PaperboyCore

extension KeywordIndex {
    /// Tiers holding more than this many times the driving lists' postings are not walked.
    /// A tier's entry costs far less than a driving posting (most are cut by a sum, with no
    /// posting read): an all-words query driven by its rarest word still gains from walking
    /// the tiers of all its words (at 2.7M papers the mean top 100 fell from 5.6 to 3.8 ms;
    /// at 93k from 0.47 to 0.41 ms, BENCHMARKS.md).
    static let tierRatio = 4

    /// After the top lists (see `search`): when no unseen paper outside the second tiers of
    /// the `listed` frequent terms (`PostingList.TopList.tier`) can reach the k-th score, walks
    /// the union of those tiers instead of the posting lists, offers what matches to `top`,
    /// and returns true: the answer is then complete. Returns false, having done nothing, when
    /// the condition fails or the tiers are far longer than the driving lists.
    ///
    /// `bounds[i]` caps what phrase i scores in an unseen paper (the whole list's bound, or
    /// its top list's past what was read). A listed phrase scores at most its rest factor in a
    /// paper outside its tier, so an unseen paper's bound is the sum of those (and of the
    /// other phrases' bounds), raised by each listed phrase whose tier holds it: a paper in
    /// the tier of one word of two most often falls below the k-th score on that sum alone,
    /// with no posting read.
    func walkTiers(_ plan: [Phrase], _ groupOf: [Int], listed: [Int], bounds: [Double], drivers: [Int],
                   averageLength: Double, cursors: [PostingCursor?], excluded: [Phrase], excludedCursors: [PostingCursor?],
                   found: inout [ColumnFrequencies?], satisfied: inout [Bool], scoring: Scoring, window: DayWindow,
                   seen: Set<UInt32>, top: inout TopK, trace: KeywordSearchTrace?) -> Bool {
        guard let threshold = top.threshold else { return false }
        let tiers = listed.compactMap { postings[plan[$0].term!].top }
        guard tiers.count == listed.count else { return false }
        let tierPostings = tiers.reduce(0) { $0 + $1.tier.count }
        let walked = drivers.reduce(0) { $0 + postingsCount(plan[$1]) }
        guard tierPostings < KeywordIndex.tierRatio * walked else { return false }
        // What each listed phrase adds when its tier holds the paper.
        // What each phrase can score in an unseen paper outside its tier (for a phrase with
        // no tier, anywhere), and their sum.
        var rests = bounds
        for (slot, index) in listed.enumerated() {
            let tier = tiers[slot]
            rests[index] = min(bounds[index], plan[index].idf * (TextIndex.k1 + 1) * tier.restFactor
                               * max(1, averageLength / tier.average) * (1 + 1e-9))
        }
        let base = rests.reduce(0, +)
        guard base * (1 + 1e-9) < threshold else { return false }

        // The tiers merged in document order; each candidate's bound from the tiers holding it.
        var heads = Array(repeating: 0, count: tiers.count)
        var allowed = rests
        while true {
            var candidate = UInt32.max
            for slot in tiers.indices where heads[slot] < tiers[slot].tier.count {
                candidate = min(candidate, tiers[slot].tier[heads[slot]])
            }
            guard candidate != .max else { break }
            var bound = base
            for (slot, index) in listed.enumerated() {
                if heads[slot] < tiers[slot].tier.count, tiers[slot].tier[heads[slot]] == candidate {
                    bound += bounds[index] - rests[index]
                    allowed[index] = bounds[index]
                    heads[slot] += 1
                } else {
                    allowed[index] = rests[index]
                }
            }
            guard bound * (1 + 1e-9) >= top.threshold ?? threshold else { continue }
            // Then each phrase's bound within the block that would hold the candidate (from
            // the blocks' summaries, nothing decoded), no more than the sum allowed it.
            var blockBound = 0.0
            for index in plan.indices {
                guard let cursor = cursors[index], let b = cursor.bound(at: candidate) else { continue }
                blockBound += min(allowed[index], scoring.bound(plan[index], cursor, b.block, b.maximum, b.shortest))
            }
            guard blockBound * (1 + 1e-9) >= top.threshold ?? threshold else { continue }
            let document = Int(candidate)
            guard live[document], window.admits(published[document]), !seen.contains(candidate) else { continue }
            trace?.tierCandidates += 1
            if let hit = exactHit(candidate, plan, groupOf, cursors, excluded, excludedCursors, &found, &satisfied, scoring) {
                top.offer(hit)
            }
        }
        trace?.tierWalks += 1
        return true
    }
}
