import PaperboyCore

/// A keyword index that answers a top-k query without scoring every match: each term's
/// postings are in blocks that carry their largest frequencies and shortest document, so a
/// query bounds what any paper of a block could score and skips the blocks (and the papers)
/// that cannot enter the top k (block-max pruning, with MaxScore for any-words queries).
///
/// It scores exactly as the SQLite store's FTS5 index and `TextIndex` do (the same terms from
/// `TextTokenizer`, the same bm25 with title 10, abstract 3, authors 2, the same document
/// counts and lengths), and it is derived data: built from the store's papers, in any order,
/// and extended as papers arrive. A paper indexed again replaces its earlier version, which
/// stays in the postings as a tombstone that every count and score leaves out.
///
/// What it cannot answer exactly (multi-word phrases and prefixes in the text, which need
/// positions) it declines (`search` returns nil) and the store answers instead.
public struct KeywordIndex: Sendable {
    // Documents, by dense number.
    var ids: [PaperID] = []
    var lengths: [UInt32] = []
    /// The published day as yyyymmdd, 0 for none.
    var published: [Int32] = []
    /// The categories column's terms (term numbers), for category phrases (`cat:cs.CV` is
    /// "cs cv"): document d's are `categoryTerms[categoryStarts[d]..<categoryStarts[d + 1]]`.
    var categoryTerms: [UInt32] = []
    var categoryStarts: [UInt32] = [0]
    /// Each document's title and abstract as term numbers, in order (`appendPositions`).
    var positions = MappedBytes()
    var positionStarts: [UInt64] = [0]
    /// The title and abstract terms the records keep, over all documents: bm25's average
    /// column lengths.
    var positionTotals = (title: 0, abstract: 0)
    var live: [Bool] = []
    /// Replaced or removed documents, ascending.
    var dead: [UInt32] = []
    var documentOf: [PaperID: UInt32] = [:]
    public internal(set) var liveCount = 0
    var totalLength = 0
    /// The snapshot this index was read from, when its postings and positions are read there
    /// in place (`MappedBytes`): kept alive by every copy of the index.
    var mapping: SnapshotMapping?

    // Terms.
    /// Term bytes, numbered as `postings` (a term's number is its index there).
    var terms = ByteTable()
    var postings: [PostingList] = []
    /// Per term, in how many documents (dead ones included) it occurs in each column set
    /// `TextQuery` uses: text (title, abstract or authors), title, abstract, authors,
    /// categories; term t's are `documentCounts[t * 5..<t * 5 + 5]`.
    var documentCounts: [UInt32] = []
    static let countedColumnSets: [UInt8] = [0b0111, 0b0001, 0b0010, 0b0100, 0b1000]
    /// The documents of the most frequent terms in the text columns (dead ones too), as
    /// bitmaps by term number, for exact totals (`countMatches`); see `denseThreshold`.
    /// Derived from the postings: made after a bulk build and a snapshot read, kept as papers
    /// arrive.
    var denseDocuments: [Int: [UInt64]] = [:]
    /// The documents when the bitmaps were last made: they are made anew each time the
    /// documents double, so that words frequent only among the first papers let theirs go.
    var denseMadeAt = 0

    public init() {}

    /// Indexes `paper`, replacing the version indexed before (if any).
    public mutating func add(_ paper: Paper) {
        var analyser = PaperAnalyser()
        add(analyser.analyse(paper))
    }

    /// Indexes a paper tokenized beforehand, replacing the version indexed before (if any).
    /// A bulk build (`inBulk`) makes the frequent terms' top lists once, in `finishBulk()`;
    /// the index must not be searched before.
    mutating func add(_ paper: AnalysedPaper, inBulk: Bool = false) {
        remove(paper.id)
        let document = UInt32(ids.count)
        let length = paper.length
        let averageAfter = Double(totalLength + Int(length)) / Double(liveCount + 1)
        lengths.append(length)
        let sets = KeywordIndex.countedColumnSets.count
        // Postings must be appended in document order: terms in any order, each once.
        var numbers: [UInt32] = []
        numbers.reserveCapacity(paper.frequencies.count)
        paper.termBytes.withUnsafeBytes { bytes in
            var start = 0
            for (term, end) in paper.termEnds.enumerated() {
                let id = termID(UnsafeRawBufferPointer(rebasing: bytes[start..<Int(end)]))
                start = Int(end)
                numbers.append(UInt32(id))
                let counts = paper.frequencies[term]
                postings[id].append(document, counts, length: length, lengths: lengths, average: averageAfter, keepingTopList: !inBulk)
                for (index, set) in KeywordIndex.countedColumnSets.enumerated() where counts.occurs(in: set) {
                    documentCounts[id * sets + index] += 1
                }
                if !inBulk, counts.occurs(in: 0b0111) { noteDense(id, in: document) }
            }
        }
        appendPositions(title: paper.title.lazy.map { numbers[Int($0)] }, abstract: paper.abstract.lazy.map { numbers[Int($0)] })
        ids.append(paper.id)
        published.append(paper.published)
        for term in paper.categories { categoryTerms.append(numbers[Int(term)]) }
        categoryStarts.append(UInt32(categoryTerms.count))
        live.append(true)
        documentOf[paper.id] = document
        liveCount += 1
        totalLength += Int(length)
        if !inBulk, ids.count >= 2 * max(denseMadeAt, 512) { makeDenseDocuments() }
    }

    /// Makes the top lists a bulk build left out (see `add(_:inBulk:)`).
    mutating func finishBulk() {
        let average = Double(totalLength) / Double(max(1, liveCount))
        for term in postings.indices { postings[term].makeTopListIfFrequent(lengths: lengths, average: average) }
        makeDenseDocuments()
    }

    /// The number of `term`, added when new.
    private mutating func termID(_ term: UnsafeRawBufferPointer) -> Int {
        let (number, inserted) = terms.insert(term)
        if inserted {
            postings.append(PostingList())
            documentCounts.append(contentsOf: repeatElement(0, count: KeywordIndex.countedColumnSets.count))
        }
        return Int(number)
    }

    /// The number of `term`, if any paper has had it.
    func termID(_ term: [UInt8]) -> Int? {
        term.withUnsafeBytes { terms.number(of: $0) }.map(Int.init)
    }

    /// Leaves a paper out of every later search.
    public mutating func remove(_ id: PaperID) {
        guard let document = documentOf.removeValue(forKey: id) else { return }
        live[Int(document)] = false
        // Kept in order (a replaced paper's number can be any), so that a walk over a list's
        // tombstones needs no sort (`liveDocumentCount`).
        dead.insert(document, at: dead.partitioningIndex { $0 >= document })
        liveCount -= 1
        totalLength -= Int(lengths[Int(document)])
    }

    /// How many papers are searchable.
    public var count: Int { liveCount }

    /// Tombstones as a share of all documents: above a few percent, a rebuild pays.
    public var deadShare: Double { ids.isEmpty ? 0 : Double(dead.count) / Double(ids.count) }
}

extension KeywordIndex {
    /// Distinct terms.
    public var termCount: Int { postings.count }

    /// The postings' compressed bytes: the bulk of the index.
    public var postingBytes: Int { postings.reduce(0) { $0 + $1.bytes.count } }

    /// The frequent words' bitmaps (`denseDocuments`), in memory only.
    public var bitmapBytes: Int { denseDocuments.values.reduce(0) { $0 + $1.count * 8 } }
    /// The frequent terms' top lists (a document and a factor an entry) and second tiers (a
    /// document an entry), in memory whether loaded or built.
    public var topListBytes: Int {
        postings.reduce(0) { total, list in total + (list.top.map { $0.documents.count * 12 + $0.tier.count * 4 } ?? 0) }
    }
}
