import Foundation
import PaperboyCore

extension KeywordIndex {
    /// A match and its bm25 score (higher is better), as `TextIndex.matches` scores it.
    public struct Hit: Hashable, Sendable {
        public var id: PaperID
        public var score: Double

        public init(id: PaperID, score: Double) {
            self.id = id
            self.score = score
        }
    }

    /// The `limit` best papers for `query` (the best first; equal scores in id order), among
    /// papers published within `since...until` when given; nil when the query needs what the
    /// index does not hold (a multi-word phrase or a prefix outside the categories).
    ///
    /// Every group must match through one of its phrases and no excluded phrase may, as in
    /// FTS5. Candidates come from the group with the fewest postings (for a query of one
    /// group, from the lists that can still lift a paper into the top k: MaxScore); a whole
    /// block of them is skipped when the bounds of every phrase over its range cannot reach
    /// the k-th score, and a single candidate when its bound cannot. (`deeperReadRatio`: see
    /// the static; tests pass 0 to read the top lists as deep as they go, and `tiers` false to
    /// leave the second tiers unwalked; `trace` counts what was done.)
    public func search(_ query: TextQuery, since: Day? = nil, until: Day? = nil, limit: Int,
                       columnWeights: [Double] = TextIndex.searchWeights,
                       deeperReadRatio: Int = KeywordIndex.deeperReadRatio, tiers: Bool = true,
                       trace: KeywordSearchTrace? = nil) -> [Hit]? {
        guard limit > 0, liveCount > 0 else { return [] }
        guard let (grouped, excluded) = planned(query) else { return nil }
        var plan = grouped.flatMap { $0 }
        let groupOf = grouped.enumerated().flatMap { Array(repeating: $0.offset, count: $0.element.count) }
        // A phrase of a term no paper has: its group may still match through another phrase.
        let papers = Double(liveCount)
        let averageLength = Double(totalLength) / Double(max(liveCount, 1))
        for index in plan.indices {
            // A phrase of unweighted columns (categories) scores nothing whatever its rarity:
            // no need to count its papers (for `cat:cs` that is a walk of a long list).
            guard (0..<4).contains(where: { plan[index].columns & (1 << $0) != 0 && columnWeights[$0] != 0 }) else { continue }
            let n = Double(liveDocumentCount(plan[index]))
            let rarity = log((papers - n + 0.5) / (n + 0.5))
            plan[index].idf = (rarity <= 0 ? 1e-6 : rarity) * query.phrases[index].weight
        }
        let groups = query.groups.count
        let window = DayWindow(since: since, until: until)
        let scoring = Scoring(weights: columnWeights, averageLength: averageLength)

        let cursors = plan.map { $0.term.map { PostingCursor(postings[$0]) } }
        let excludedCursors = excluded.map { $0.term.map { PostingCursor(postings[$0]) } }
        var top = TopK(limit)

        // The driving phrases: those of the group with the fewest postings.
        let sizes = (0..<groups).map { group in plan.indices.filter { groupOf[$0] == group }.reduce(0) { $0 + postingsCount(plan[$1]) } }
        guard let driverGroup = sizes.indices.min(by: { sizes[$0] < sizes[$1] }) else { return [] }
        var drivers = plan.indices.filter { groupOf[$0] == driverGroup && plan[$0].term != nil }
        // MaxScore for a query of one group: a phrase whose bound, with those of every weaker
        // phrase, cannot reach the k-th score never brings a candidate by itself.
        var globalBounds = plan.indices.map { index in
            cursors[index].map { cursor -> Double in
                (0..<cursor.list.blockCount).reduce(0.0) { best, block in
                    let (maximum, shortest) = cursor.list.maximum(ofBlock: block)
                    return max(best, scoring.bound(plan[index], cursor, block, maximum, shortest))
                }
            } ?? 0
        }
        // Per candidate, reused: which phrases occur, which groups are satisfied.
        var found = Array(repeating: ColumnFrequencies?.none, count: plan.count)
        var satisfied = Array(repeating: false, count: groups)
        var bounds = Array(repeating: 0.0, count: plan.count)

        // The top lists of frequent terms first: their papers, best first, scored exactly; what
        // any other paper can score is capped by each list's bound past what was read. When
        // the k-th score beats the sum of the caps, that is the answer; otherwise the caps
        // tighten the block-max walk below, which leaves the papers already scored out; or,
        // when only papers in the second tiers of the frequent terms can still enter, those
        // tiers alone are walked (`walkTiers`).
        var caps = Array(repeating: Double.infinity, count: plan.count)
        var seen = Set<UInt32>()
        let listed = plan.indices.filter { index in
            guard let term = plan[index].term, postings[term].top != nil else { return false }
            return plan[index].columns == 0b0111 && scoring.isSearchWeights && plan[index].idf > 0
        }
        if !listed.isEmpty, sizes[driverGroup] >= PostingList.topListThreshold {
            var depth = max(64, 4 * limit), read = 0
            var batch: [UInt32] = []
            while true {
                batch.removeAll(keepingCapacity: true)
                for index in listed {
                    let list = postings[plan[index].term!].top!
                    guard read < list.documents.count else { continue }
                    for document in list.documents[read..<min(depth, list.documents.count)] where seen.insert(document).inserted {
                        batch.append(document)
                    }
                }
                batch.sort()
                let batchCursors = plan.map { $0.term.map { PostingCursor(postings[$0]) } }
                let batchExcluded = excluded.map { $0.term.map { PostingCursor(postings[$0]) } }
                for candidate in batch {
                    let document = Int(candidate)
                    guard live[document] else { continue }
                    guard window.admits(published[document]) else { continue }
                    if let hit = exactHit(candidate, plan, groupOf, batchCursors, excluded, batchExcluded, &found, &satisfied, scoring) {
                        top.offer(hit)
                    }
                }
                read = depth
                var outside = 0.0, longest = 0
                for index in listed {
                    let list = postings[plan[index].term!].top!
                    longest = max(longest, list.documents.count)
                    caps[index] = plan[index].idf * (TextIndex.k1 + 1) * list.bound(after: read)
                        * max(1, averageLength / list.average) * (1 + 1e-9)
                }
                for index in plan.indices { outside += min(caps[index], globalBounds[index]) }
                if let threshold = top.threshold, outside < threshold { return top.sorted() }
                // Deeper while a list has more. With several words the caps fall slowly (the
                // factors of a frequent word's best papers are close), so only when the walk
                // would read far more postings than the lists' next entries: at millions of
                // papers the k-th score often needs each word near its best, and once the caps
                // fall below what that leaves, the papers listed are the answer.
                guard read < longest, depth < PostingList.topListSearchDepth,
                      plan.count == 1 || sizes[driverGroup] >= deeperReadRatio * 2 * depth * listed.count else { break }
                depth *= 2
            }
            for index in plan.indices { globalBounds[index] = min(globalBounds[index], caps[index]) }
            if tiers, walkTiers(plan, groupOf, listed: listed, bounds: globalBounds, drivers: drivers,
                                averageLength: averageLength, cursors: cursors, excluded: excluded,
                                excludedCursors: excludedCursors, found: &found, satisfied: &satisfied,
                                scoring: scoring, window: window, seen: seen, top: &top, trace: trace) {
                return top.sorted()
            }
        }
        let totalBound = globalBounds.reduce(0, +)

        if groups == 1 { drivers.sort { globalBounds[$0] < globalBounds[$1] } }
        var essentialFrom = 0
        // The bounds of the phrases no longer essential, together.
        var nonEssentialBound = 0.0

        while true {
            if let threshold = top.threshold {
                if totalBound < threshold { break }
                if groups == 1 {
                    while essentialFrom < drivers.count, nonEssentialBound + globalBounds[drivers[essentialFrom]] < threshold {
                        nonEssentialBound += globalBounds[drivers[essentialFrom]]
                        essentialFrom += 1
                    }
                }
            }
            let essential = drivers[essentialFrom...]
            var candidate = UInt32.max
            for index in essential { candidate = min(candidate, cursors[index]!.document) }
            guard candidate != .max else { break }
            // Block skip: what every phrase could score anywhere up to the driving block's end.
            if let threshold = top.threshold, essential.count == 1, let driving = essential.first {
                var blockBound = 0.0
                var blockEnd = UInt32.max
                if let b = cursors[driving]!.bound(at: candidate) {
                    blockEnd = b.last
                    blockBound += min(caps[driving], scoring.bound(plan[driving], cursors[driving]!, b.block, b.maximum, b.shortest))
                }
                for index in plan.indices where index != driving {
                    blockBound += min(caps[index], boundOver(cursors[index], plan[index], candidate...blockEnd, global: globalBounds[index], scoring))
                }
                if blockBound < threshold {
                    cursors[driving]!.advance(to: blockEnd == .max ? .max : blockEnd + 1)
                    continue
                }
            }
            defer { for index in essential where cursors[index]!.document == candidate { cursors[index]!.next() } }
            let document = Int(candidate)
            guard live[document] else { continue }
            guard window.admits(published[document]) else { continue }
            // The candidate's bound: exact for the phrases whose lists are at it (nothing for
            // those already past it), from the blocks for the others; then those lists are
            // read one by one while the bound still reaches the k-th score. (Summed in
            // another order than the score: a little headroom for rounding.)
            if let threshold = top.threshold {
                let length = lengths[document]
                // First the cheapest bound: exact for the lists at the candidate, the whole
                // list's for the others. With several frequent words the k-th score often
                // needs each word near its best, which most of a list's papers are not.
                var quick = 0.0
                for index in plan.indices {
                    guard let cursor = cursors[index] else { continue }
                    if cursor.document == candidate {
                        quick += scoring.score(plan[index], cursor.current, length)
                    } else if cursor.document < candidate {
                        quick += globalBounds[index]
                    }
                }
                if quick * (1 + 1e-9) < threshold { continue }
                var bound = 0.0
                for index in plan.indices {
                    var phraseBound = 0.0
                    if let cursor = cursors[index] {
                        if cursor.document == candidate {
                            phraseBound = scoring.score(plan[index], cursor.current, length)
                        } else if cursor.document < candidate, let b = cursor.bound(at: candidate) {
                            phraseBound = min(caps[index], scoring.bound(plan[index], cursor, b.block, b.maximum, b.shortest))
                        }
                    }
                    bounds[index] = phraseBound
                    bound += phraseBound
                }
                if bound * (1 + 1e-9) < threshold { continue }
                var below = false
                for index in plan.indices {
                    guard let cursor = cursors[index], cursor.document < candidate else { continue }
                    cursor.advance(to: candidate)
                    let exact = cursor.document == candidate ? scoring.score(plan[index], cursor.current, length) : 0
                    bound += exact - bounds[index]
                    if bound * (1 + 1e-9) < threshold { below = true; break }
                }
                if below { continue }
            }
            if !seen.isEmpty, seen.contains(candidate) { continue }
            if let hit = exactHit(candidate, plan, groupOf, cursors, excluded, excludedCursors, &found, &satisfied, scoring) {
                top.offer(hit)
            }
        }
        return top.sorted()
    }

    /// How many times more postings than top-list entries a query of several words must have
    /// to read its top lists deeper (see `search`).
    public static let deeperReadRatio = 32

    /// The candidate's hit when it matches: which phrases occur, every group satisfied, no
    /// exclusion, then the score.
    func exactHit(_ candidate: UInt32, _ plan: [Phrase], _ groupOf: [Int], _ cursors: [PostingCursor?],
                  _ excluded: [Phrase], _ excludedCursors: [PostingCursor?],
                  _ found: inout [ColumnFrequencies?], _ satisfied: inout [Bool], _ scoring: Scoring) -> Hit? {
        for group in satisfied.indices { satisfied[group] = false }
        for index in plan.indices {
            found[index] = occurrence(of: plan[index], cursors[index], in: candidate)
            if found[index] != nil { satisfied[groupOf[index]] = true }
        }
        guard satisfied.allSatisfy({ $0 }) else { return nil }
        if excluded.indices.contains(where: { occurrence(of: excluded[$0], excludedCursors[$0], in: candidate) != nil }) { return nil }
        var score = 0.0
        let norm = scoring.norm(lengths[Int(candidate)])
        for index in plan.indices {
            guard let counts = found[index] else { continue }
            let f = counts.weighted(plan[index].columns, scoring.weights)
            score += plan[index].idf * (f * (TextIndex.k1 + 1)) / (f + norm)
        }
        return Hit(id: ids[Int(candidate)], score: score)
    }

    /// A phrase as the index evaluates it: one term in some columns, or a category (a
    /// phrase of the categories column, checked against the paper's categories).
    struct Phrase {
        var term: Int?
        var columns: UInt8
        /// The terms of a category phrase (`cs cv`), by number; nil for a one-term phrase.
        var categoryTerms: [UInt32]?
        var idf = 0.0
    }

    func phrase(_ phrase: TextQuery.Phrase) -> Phrase? {
        var columns: UInt8 = 0
        for column in phrase.columns { columns |= 1 << UInt8(column.rawValue) }
        // A phrase with no token characters matches nothing, as in FTS5.
        guard let first = phrase.terms.first else { return Phrase(term: nil, columns: columns) }
        if phrase.columns == [.categories], !phrase.isPrefix {
            guard phrase.terms.count > 1 else { return Phrase(term: termID(first), columns: columns) }
            // A word no paper has: the phrase matches nothing.
            let numbers = phrase.terms.map { termID($0).map(UInt32.init) }
            guard numbers.allSatisfy({ $0 != nil }) else { return Phrase(term: nil, columns: columns) }
            return Phrase(term: termID(first), columns: columns, categoryTerms: numbers.map { $0! })
        }
        guard phrase.terms.count == 1, !phrase.isPrefix else { return nil }
        return Phrase(term: termID(first), columns: columns)
    }

    /// The frequencies of `phrase` in `document`, or nil when it does not occur there.
    func occurrence(of phrase: Phrase, _ cursor: PostingCursor?, in document: UInt32) -> ColumnFrequencies? {
        guard let moving = cursor else { return nil }
        moving.advance(to: document)
        guard moving.document == document, moving.current.occurs(in: phrase.columns) else { return nil }
        if let terms = phrase.categoryTerms {
            // "cs cv": the category's words next to each other in the categories column.
            let from = Int(categoryStarts[Int(document)]), to = Int(categoryStarts[Int(document) + 1])
            guard to - from >= terms.count,
                  (from...(to - terms.count)).contains(where: { start in terms.indices.allSatisfy { categoryTerms[start + $0] == terms[$0] } })
            else { return nil }
        }
        return moving.current
    }

    /// The most `phrase` could score for a document in `range`: the largest bound of the
    /// blocks that overlap it (looked at without decoding; the cursor's shallow position moves).
    private func boundOver(_ cursor: PostingCursor?, _ phrase: Phrase, _ range: ClosedRange<UInt32>,
                           global: Double, _ scoring: Scoring) -> Double {
        guard let moving = cursor else { return 0 }
        guard let first = moving.bound(at: range.lowerBound) else { return 0 }
        // Further blocks overlap the range: bound them by the whole list's bound.
        guard first.last < range.upperBound else { return scoring.bound(phrase, moving, first.block, first.maximum, first.shortest) }
        return global
    }

    /// Postings of the phrase's term (dead ones included): what a candidate list costs.
    func postingsCount(_ phrase: Phrase) -> Int {
        phrase.term.map { postings[$0].count } ?? 0
    }

    /// In how many live papers the phrase's term occurs in its columns: the counted documents
    /// less the tombstones in its list (up to a fifth of the documents before the server
    /// rebuilds): for a frequent word, those whose bit its bitmap has; otherwise found by
    /// walking the list to each.
    func liveDocumentCount(_ phrase: Phrase) -> Int {
        guard let term = phrase.term else { return 0 }
        let set = KeywordIndex.countedColumnSets.firstIndex(of: phrase.columns)
        var n = 0
        if let set, phrase.categoryTerms == nil {
            n = Int(documentCounts[term * KeywordIndex.countedColumnSets.count + set])
            guard !dead.isEmpty else { return n }
            if phrase.columns == 0b0111, let map = denseDocuments[term] {
                for document in dead where map.hasBit(Int(document)) { n -= 1 }
                return n
            }
            let cursor = PostingCursor(postings[term])
            for document in dead {
                cursor.advance(to: document)
                if cursor.document == document, cursor.current.occurs(in: phrase.columns) { n -= 1 }
            }
            return n
        }
        // A category phrase, or columns counted by no set: count the live matches.
        let cursor = PostingCursor(postings[term])
        while cursor.document != .max {
            let document = cursor.document
            if live[Int(document)], occurrence(of: phrase, cursor, in: document) != nil { n += 1 }
            cursor.next()
        }
        return n
    }

    /// bm25's pieces that depend on the index, not the query.
    struct Scoring {
        let weights: ColumnWeights
        /// Whether `weights` are the search weights, which the blocks' factors assume.
        let isSearchWeights: Bool
        let averageLength: Double

        init(weights: [Double], averageLength: Double) {
            self.weights = ColumnWeights(weights)
            self.isSearchWeights = weights == TextIndex.searchWeights
            self.averageLength = averageLength
        }

        @inline(__always)
        func norm(_ length: UInt32) -> Double {
            TextIndex.k1 * (1 - TextIndex.b + TextIndex.b * Double(length) / averageLength)
        }

        /// The score of frequencies `counts` in a document of `length` terms.
        @inline(__always)
        func score(_ phrase: Phrase, _ counts: ColumnFrequencies, _ length: UInt32) -> Double {
            let f = counts.weighted(phrase.columns, weights)
            guard f > 0 else { return 0 }
            return phrase.idf * (f * (TextIndex.k1 + 1)) / (f + norm(length))
        }

        /// An upper bound of what `phrase` scores in any paper of a block: the largest
        /// frequencies in the shortest document, or for a text phrase with the search weights
        /// the block's largest frequency factor (see `PostingList.Block`), whichever is lower.
        @inline(__always)
        func bound(_ phrase: Phrase, _ cursor: PostingCursor, _ block: Int, _ maximum: ColumnFrequencies, _ shortest: UInt32) -> Double {
            let loose = score(phrase, maximum, shortest)
            guard phrase.columns == 0b0111, isSearchWeights else { return loose }
            // Computed in another order than the score: a little headroom for rounding.
            let tight = phrase.idf * (TextIndex.k1 + 1) * cursor.largestFactor(ofBlock: block, average: averageLength) * (1 + 1e-9)
            return min(loose, tight)
        }
    }
}
