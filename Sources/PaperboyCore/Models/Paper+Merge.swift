extension Paper {
    /// Merges another record of the same paper into this one, so that importing records in
    /// any order, any number of times, converges on the same paper:
    /// - the newer version's text (title, abstract, authors, comments, journal ref, DOI, code) wins,
    ///   and a field the newer record lacks is kept from the older one; a code link a source
    ///   gives beats one found in the text;
    /// - Hugging Face's details (stars, project page, summary, keywords, comment count,
    ///   thumbnail, submitter) keep the value of the record merged in last that has one: they
    ///   change over time and carry no version;
    /// - upvotes keep the maximum; categories and sources are united (the newer record's
    ///   primary category first);
    /// - `published` and `listed` keep the earliest day, `updated` the latest.
    public func merged(with other: Paper) -> Paper {
        precondition(id == other.id, "merging records of different papers")
        let (newer, older) = other.isNewer(than: self) ? (other, self) : (self, other)
        var result = newer
        result.abstract = newer.abstract ?? older.abstract
        if result.authors.isEmpty { result.authors = older.authors }
        result.comments = newer.comments ?? older.comments
        result.journalRef = newer.journalRef ?? older.journalRef
        result.doi = newer.doi ?? older.doi
        (result.codeRepository, result.codeFoundInText) = Paper.code(newer, over: older)
        result.codeStars = other.codeStars ?? codeStars
        result.projectPage = other.projectPage ?? projectPage
        result.aiSummary = other.aiSummary ?? aiSummary
        result.aiKeywords = other.aiKeywords.isEmpty ? aiKeywords : other.aiKeywords
        result.discussionComments = other.discussionComments ?? discussionComments
        result.thumbnail = other.thumbnail ?? thumbnail
        result.submittedBy = other.submittedBy ?? submittedBy
        result.version = Paper.maxOptional(newer.version, older.version)
        result.upvotes = Paper.maxOptional(newer.upvotes, older.upvotes)
        result.updated = Paper.maxOptional(newer.updated, older.updated)
        result.published = Paper.minOptional(newer.published, older.published)
        result.listed = Paper.minOptional(newer.listed, older.listed)
        result.categories = Paper.union(newer.categories, older.categories)
        // Sources in the order they were seen, so the list is stable across re-imports.
        result.sources = Paper.union(sources, other.sources)
        // Imported records carry no local votes; the stored paper's count stands.
        result.localVotes = max(localVotes, other.localVotes)
        return result
    }

    /// A record is newer when it carries a higher version, or the same version with a later
    /// update day. On a tie the stored text stays, so re-importing the same files (or two
    /// mirrors of the same version that differ in spelling) never flips a paper back and forth.
    func isNewer(than other: Paper) -> Bool {
        let mine = version ?? 0, theirs = other.version ?? 0
        if mine != theirs { return mine > theirs }
        switch (updated ?? published, other.updated ?? other.published) {
        case let (a?, b?): return a > b
        case (_?, nil): return true
        default: return false
        }
    }

    /// The code link to keep: a given one over one found in text, else the newer record's.
    static func code(_ newer: Paper, over older: Paper) -> (String?, Bool) {
        switch (newer.codeRepository, older.codeRepository) {
        case (nil, nil): (nil, false)
        case (_?, nil): (newer.codeRepository, newer.codeFoundInText)
        case (nil, _?): (older.codeRepository, older.codeFoundInText)
        case (_?, _?) where newer.codeFoundInText && !older.codeFoundInText: (older.codeRepository, false)
        default: (newer.codeRepository, newer.codeFoundInText)
        }
    }

    static func maxOptional<T: Comparable>(_ a: T?, _ b: T?) -> T? {
        guard let a else { return b }
        guard let b else { return a }
        return max(a, b)
    }

    static func minOptional<T: Comparable>(_ a: T?, _ b: T?) -> T? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    static func union(_ first: [String], _ second: [String]) -> [String] {
        var seen = Set<String>()
        return (first + second).filter { seen.insert($0).inserted }
    }
}

extension Array where Element == Paper {
    /// One paper per id, in first-seen order, each merged with the later records of its id
    /// (`Paper.merged(with:)`): how a store takes a batch that names a paper twice.
    public func mergedByID() -> [Paper] {
        var order: [PaperID] = []
        var merged: [PaperID: Paper] = [:]
        for paper in self {
            if let seen = merged[paper.id] {
                merged[paper.id] = seen.merged(with: paper)
            } else {
                merged[paper.id] = paper
                order.append(paper.id)
            }
        }
        return order.map { merged[$0]! }
    }
}
