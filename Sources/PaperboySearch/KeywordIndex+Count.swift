import PaperboyCore

extension KeywordIndex {
    /// How many live papers match `query` (every group through one of its phrases, no
    /// excluded phrase) within `since...until`: a search's total, counted without scoring.
    /// One phrase with no filter is read off the term's document counts; otherwise the group
    /// with the fewest postings is walked and each of its papers checked. Nil when `search`
    /// would decline the query.
    public func count(_ query: TextQuery, since: Day? = nil, until: Day? = nil) -> Int? {
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
        guard !plan.isEmpty else { return 0 }
        if plan.count == 1, plan[0].count == 1, excluded.isEmpty, since == nil, until == nil {
            return liveDocumentCount(plan[0][0])
        }
        let lowest = since.map { Int32($0.number) }, highest = until.map { Int32($0.number) }
        let sizes = plan.map { $0.reduce(0) { $0 + postingsCount($1) } }
        guard let driver = sizes.indices.min(by: { sizes[$0] < sizes[$1] }) else { return 0 }
        let cursors = plan.map { $0.map { $0.term.map { PostingCursor(postings[$0]) } } }
        let excludedCursors = excluded.map { $0.term.map { PostingCursor(postings[$0]) } }
        let driving = cursors[driver].compactMap { $0 }
        var n = 0
        while true {
            var candidate = UInt32.max
            for cursor in driving { candidate = min(candidate, cursor.document) }
            guard candidate != .max else { break }
            defer { for cursor in driving where cursor.document == candidate { cursor.next() } }
            let document = Int(candidate)
            guard live[document] else { continue }
            if lowest != nil || highest != nil {
                let day = published[document]
                if day == 0 || (lowest.map { day < $0 } ?? false) || (highest.map { day > $0 } ?? false) { continue }
            }
            let matches = plan.indices.allSatisfy { group in
                plan[group].indices.contains { occurrence(of: plan[group][$0], cursors[group][$0], in: candidate) != nil }
            }
            guard matches else { continue }
            if excluded.indices.contains(where: { occurrence(of: excluded[$0], excludedCursors[$0], in: candidate) != nil }) { continue }
            n += 1
        }
        return n
    }
}
