import PaperboyCore

extension KeywordIndex {
    /// How many live papers match `query` (every group through one of its phrases, no
    /// excluded phrase) within `since...until`: a search's total, counted without scoring.
    /// One phrase with no filter is read off the term's document counts; words alone by
    /// their documents (`countMatches`); otherwise the matches are walked (`forEachMatch`).
    /// Nil when `search` would decline the query.
    public func count(_ query: TextQuery, since: Day? = nil, until: Day? = nil) -> Int? {
        guard let (plan, excluded) = planned(query) else { return nil }
        guard !plan.isEmpty else { return 0 }
        if plan.count == 1, plan[0].count == 1, excluded.isEmpty, since == nil, until == nil {
            return liveDocumentCount(plan[0][0])
        }
        // Words (each in its columns), nothing excluded: the common queries, all words or
        // any, counted from the words' documents alone.
        if excluded.isEmpty, plan.allSatisfy({ $0.allSatisfy { $0.categoryTerms == nil } }) {
            return countMatches(plan, window: DayWindow(since: since, until: until))
        }
        var n = 0
        forEachMatch(plan, excluded, since: since, until: until) { _ in n += 1 }
        return n
    }

    /// How many live papers within `window` have a word of every group (single words, no
    /// category phrase). A group with a frequent word (one with a bitmap, `denseDocuments`:
    /// the long lists) is tested by bit (`denseGroup`). When every group is, the
    /// bitmaps are ANDed a word at a time; otherwise the other groups leapfrog, the rarest
    /// first, each jumping to the furthest document any has reached, so a rare word skips
    /// the blocks of a frequent one it has no document in; a group of several words (OR)
    /// stands at the first document of any.
    func countMatches(_ groups: [[Phrase]], window: DayWindow) -> Int {
        var tested: [[[UInt64]]] = [], walked: [[Phrase]] = []
        for group in groups {
            if let maps = denseGroup(group) { tested.append(maps) } else { walked.append(group) }
        }
        if walked.isEmpty { return countDense(tested, window: window) }
        let ordered = walked.sorted { $0.reduce(0) { $0 + postingsCount($1) } < $1.reduce(0) { $0 + postingsCount($1) } }
        // One flat array of cursors, group g's at `ends[g - 1]..<ends[g]`: an array per group
        // cost a retain and a release per step of the walk.
        var cursors: [DocumentCursor] = [], ends: [Int] = []
        for group in ordered {
            for phrase in group { if let term = phrase.term { cursors.append(DocumentCursor(postings[term], columns: phrase.columns)) } }
            ends.append(cursors.count)
        }
        // The first document at or after `target` of any of group g's words.
        func advance(group g: Int, to target: UInt32) -> UInt32 {
            var first = UInt32.max
            for index in (g == 0 ? 0 : ends[g - 1])..<ends[g] {
                let cursor = cursors[index]
                cursor.advance(to: target)
                first = min(first, cursor.document)
            }
            return first
        }
        var n = 0
        var target: UInt32 = 0
        while true {
            // Round the groups until all of them stand on `target`.
            var agreeing = 0, group = 0
            while agreeing < ends.count {
                let document = advance(group: group, to: target)
                if document == .max { return n }
                if document == target {
                    agreeing += 1
                } else {
                    target = document
                    agreeing = 1
                }
                group = group + 1 == ends.count ? 0 : group + 1
            }
            let d = Int(target)
            if live[d], window.admits(published[d]), tested.allSatisfy({ $0.contains { $0.hasBit(d) } }) { n += 1 }
            target += 1
        }
    }

    /// How many live papers within `window` have a word of every group, each group given as
    /// its words' bitmaps (at least one: `denseGroup`).
    private func countDense(_ groups: [[[UInt64]]], window: DayWindow) -> Int {
        let words = (ids.count + 63) / 64
        var matches = [UInt64](repeating: ~0, count: words)
        matches.withUnsafeMutableBufferPointer { matches in
            for group in groups {
                if group.count == 1 {
                    group[0].withUnsafeBufferPointer { map in
                        for w in 0..<words { matches[w] &= w < map.count ? map[w] : 0 }
                    }
                } else {
                    var any = [UInt64](repeating: 0, count: words)
                    for map in group {
                        for w in 0..<min(words, map.count) { any[w] |= map[w] }
                    }
                    for w in 0..<words { matches[w] &= any[w] }
                }
            }
        }
        var n = 0
        if window.lowest == nil, window.highest == nil {
            for word in matches { n += word.nonzeroBitCount }
            // Tombstones are in the bitmaps: taken out (each bit once).
            for document in dead where matches.hasBit(Int(document)) {
                n -= 1
                matches[Int(document) >> 6] &= ~(1 << UInt64(document & 63))
            }
        } else {
            for (w, word) in matches.enumerated() {
                var bits = word
                while bits != 0 {
                    let d = w << 6 | bits.trailingZeroBitCount
                    if live[d], window.admits(published[d]) { n += 1 }
                    bits &= bits - 1
                }
            }
        }
        return n
    }

    /// Every live paper that `query`'s groups and exclusions admit within `since...until`
    /// (a query of no groups admits every paper): the papers a filtered semantic search may
    /// return, so that it can rank exactly among them when they are few. Nil when the query
    /// needs what the index does not hold (as `search`).
    public func admitted(by query: TextQuery, since: Day? = nil, until: Day? = nil) -> [PaperID]? {
        guard let (plan, excluded) = planned(query) else { return nil }
        var found: [PaperID] = []
        forEachMatch(plan, excluded, since: since, until: until) { found.append(ids[Int($0)]) }
        return found
    }

    /// The query's phrases as the index evaluates them, by group, and its exclusions; nil
    /// when one needs what the index does not hold (a multi-word phrase, a prefix).
    func planned(_ query: TextQuery) -> (groups: [[Phrase]], excluded: [Phrase])? {
        var groups: [[Phrase]] = []
        for phrases in query.groups {
            var planned: [Phrase] = []
            for phrase in phrases {
                guard let one = self.phrase(phrase) else { return nil }
                planned.append(one)
            }
            groups.append(planned)
        }
        var excluded: [Phrase] = []
        for phrase in query.excluded {
            guard let one = self.phrase(phrase) else { return nil }
            excluded.append(one)
        }
        return (groups, excluded)
    }

    /// Calls `visit` with each live document, in order, that is published within
    /// `since...until`, has a phrase of every group and none of `excluded`. The candidates
    /// come from the group with the fewest postings (every document when there is no group).
    func forEachMatch(_ plan: [[Phrase]], _ excluded: [Phrase], since: Day?, until: Day?, _ visit: (UInt32) -> Void) {
        let window = DayWindow(since: since, until: until)
        let cursors = plan.map { $0.map { $0.term.map { PostingCursor(postings[$0]) } } }
        let excludedCursors = excluded.map { $0.term.map { PostingCursor(postings[$0]) } }
        func admits(_ document: UInt32) -> Bool {
            let d = Int(document)
            guard live[d] else { return false }
            guard window.admits(published[d]) else { return false }
            for group in plan.indices where !plan[group].indices.contains(where: { occurrence(of: plan[group][$0], cursors[group][$0], in: document) != nil }) {
                return false
            }
            return !excluded.indices.contains { occurrence(of: excluded[$0], excludedCursors[$0], in: document) != nil }
        }
        guard !plan.isEmpty else {
            for document in 0..<UInt32(ids.count) where admits(document) { visit(document) }
            return
        }
        let sizes = plan.map { $0.reduce(0) { $0 + postingsCount($1) } }
        let driver = sizes.indices.min { sizes[$0] < sizes[$1] }!
        let driving = cursors[driver].compactMap { $0 }
        while true {
            var candidate = UInt32.max
            for cursor in driving { candidate = min(candidate, cursor.document) }
            guard candidate != .max else { break }
            if admits(candidate) { visit(candidate) }
            for cursor in driving where cursor.document == candidate { cursor.next() }
        }
    }
}
