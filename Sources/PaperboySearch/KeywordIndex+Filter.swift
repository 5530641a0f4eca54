import PaperboyCore

extension KeywordIndex {
    /// Every live paper that `query`'s groups and exclusions admit within `since...until`
    /// (a query of no groups admits every paper): the papers a filtered semantic search may
    /// return, so that it can rank exactly among them when they are few. Nil when the query
    /// needs what the index does not hold (as `search`).
    public func admitted(by query: TextQuery, since: Day? = nil, until: Day? = nil) -> [PaperID]? {
        var plan: [[Phrase]] = []
        for phrases in query.groups {
            var planned: [Phrase] = []
            for phrase in phrases {
                guard let one = self.phrase(phrase) else { return nil }
                planned.append(one)
            }
            plan.append(planned)
        }
        var excluded: [Phrase] = []
        for phrase in query.excluded {
            guard let one = self.phrase(phrase) else { return nil }
            excluded.append(one)
        }
        let lowest = since.map { Int32($0.number) }, highest = until.map { Int32($0.number) }
        let cursors = plan.map { $0.map { $0.term.map { PostingCursor(postings[$0]) } } }
        let excludedCursors = excluded.map { $0.term.map { PostingCursor(postings[$0]) } }
        func admits(_ document: UInt32) -> Bool {
            let d = Int(document)
            guard live[d] else { return false }
            if lowest != nil || highest != nil {
                let day = published[d]
                if day == 0 || (lowest.map { day < $0 } ?? false) || (highest.map { day > $0 } ?? false) { return false }
            }
            for group in plan.indices where !plan[group].indices.contains(where: { occurrence(of: plan[group][$0], cursors[group][$0], in: document) != nil }) {
                return false
            }
            return !excluded.indices.contains { occurrence(of: excluded[$0], excludedCursors[$0], in: document) != nil }
        }
        var found: [PaperID] = []
        guard !plan.isEmpty else {
            for document in 0..<UInt32(ids.count) where admits(document) { found.append(ids[Int(document)]) }
            return found
        }
        // Candidates from the group with the fewest postings.
        let sizes = plan.map { $0.reduce(0) { $0 + postingsCount($1) } }
        let driver = sizes.indices.min { sizes[$0] < sizes[$1] }!
        let driving = cursors[driver].compactMap { $0 }
        while true {
            var candidate = UInt32.max
            for cursor in driving { candidate = min(candidate, cursor.document) }
            guard candidate != .max else { break }
            if admits(candidate) { found.append(ids[Int(candidate)]) }
            for cursor in driving where cursor.document == candidate { cursor.next() }
        }
        return found
    }
}
