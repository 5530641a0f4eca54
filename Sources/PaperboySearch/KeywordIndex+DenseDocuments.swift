extension KeywordIndex {
    /// A term gets a bitmap of its documents once it occurs in the text columns of this many
    /// documents: a sixteenth of them, where the bitmap is no larger than its postings
    /// (a couple of bytes each) and a count that ANDs bitmaps beats one that decodes lists.
    /// At 93k papers some 450 terms, 5 MB.
    var denseThreshold: Int { max(64, ids.count / 16) }

    /// Gives every term at the threshold its bitmap, and no other term one (after a bulk
    /// build or a snapshot read, and as the documents double).
    mutating func makeDenseDocuments() {
        denseDocuments = [:]
        denseMadeAt = ids.count
        let threshold = denseThreshold, sets = KeywordIndex.countedColumnSets.count
        for term in postings.indices where Int(documentCounts[term * sets]) >= threshold {
            denseDocuments[term] = bitmap(of: term)
        }
    }

    /// Records that `term` occurs in `document`'s text columns (the document just added): a
    /// bit in its bitmap, or a bitmap made when the term has just reached the threshold. A
    /// term keeps its bitmap when later papers move the threshold past it, until the bitmaps
    /// are made anew.
    mutating func noteDense(_ term: Int, in document: UInt32) {
        if denseDocuments[term] != nil {
            denseDocuments[term]!.setBit(Int(document))
        } else if Int(documentCounts[term * KeywordIndex.countedColumnSets.count]) >= denseThreshold {
            denseDocuments[term] = bitmap(of: term)
        }
    }

    /// The documents (dead ones too) whose text columns hold `term`, as bits.
    private func bitmap(of term: Int) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: (ids.count + 63) / 64)
        setBits(of: term, occurringIn: 0b0111, in: &words)
        return words
    }

    /// Sets the bits of the documents in which `term` occurs in one of `columns`.
    private func setBits(of term: Int, occurringIn columns: UInt8, in words: inout [UInt64]) {
        let list = postings[term]
        let documents = UnsafeMutablePointer<UInt32>.allocate(capacity: PostingList.blockSize)
        defer { documents.deallocate() }
        for block in 0..<list.blockCount {
            let count = list.decodeDocuments(block: block, occurringIn: columns, to: documents)
            for slot in 0..<count { words.setBit(Int(documents[slot])) }
        }
    }

    /// A group (words, OR) as bitmaps when one of its words has a bitmap sought in the text
    /// columns: those bitmaps, and the group's other words' documents set in one more,
    /// made now (they are rarer: a sixteenth of the documents each at most, or columns the
    /// bitmaps do not stand for). Nil when no word has one, or a word is a category phrase.
    func denseGroup(_ group: [Phrase]) -> [[UInt64]]? {
        var maps: [[UInt64]] = [], others: [Phrase] = []
        for phrase in group {
            guard phrase.categoryTerms == nil else { return nil }
            guard let term = phrase.term else { continue } // no paper has it: adds nothing
            if phrase.columns == 0b0111, let map = denseDocuments[term] { maps.append(map) } else { others.append(phrase) }
        }
        guard !maps.isEmpty else { return nil }
        if !others.isEmpty {
            var made = [UInt64](repeating: 0, count: (ids.count + 63) / 64)
            for phrase in others { setBits(of: phrase.term!, occurringIn: phrase.columns, in: &made) }
            maps.append(made)
        }
        return maps
    }
}

extension [UInt64] {
    /// Sets bit `index`, growing the array as needed.
    mutating func setBit(_ index: Int) {
        let word = index >> 6
        if word >= count { append(contentsOf: repeatElement(0, count: word - count + 1)) }
        self[word] |= 1 << UInt64(index & 63)
    }

    func hasBit(_ index: Int) -> Bool {
        let word = index >> 6
        return word < count && self[word] & (1 << UInt64(index & 63)) != 0
    }
}
