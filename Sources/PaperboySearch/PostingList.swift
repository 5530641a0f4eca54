import PaperboyCore

/// One term's postings: the papers it occurs in (dense document numbers, ascending) with its
/// frequency in each column, in blocks of `blockSize`, compressed in one byte array: a
/// sealed block bit-packed (`PackedBlock`), the last, open block as varints (a document gap,
/// a byte of which columns count, each count) appended as papers arrive. Each block is
/// described by `Block`: its last document, and the largest frequency per column and
/// smallest document length within it, from which a query bounds the score of any paper in
/// the block without decoding it. A rare term (most terms) has only an open block and costs
/// one small allocation.
struct PostingList: Sendable {
    static let blockSize = 128

    /// A block's summary.
    struct Block: Sendable {
        var lastDocument: UInt32
        /// Where its bytes start in `bytes`.
        var offset: UInt32
        var count: UInt16
        var maximum: ColumnFrequencies
        var shortestLength: UInt32
        /// The largest bm25 frequency factor `f / (f + k1 · (1 − b + b · length / average))` of
        /// its postings for a phrase in any text column with the search weights, at the average
        /// length `average` (see `largestFactor(ofBlock:average:)`): a far tighter bound than
        /// `maximum` with `shortestLength`, which may come from different papers.
        var largestFactor: Double
        var average: Double

        static let empty = Block(lastDocument: 0, offset: 0, count: 0, maximum: ColumnFrequencies(),
                                 shortestLength: .max, largestFactor: 0, average: 1)
    }

    /// A frequent term's impact-ordered top list: the postings with the largest frequency
    /// factor (for a text phrase with the search weights) at the average length `average`,
    /// the largest first, and `tail`, the largest factor at that average of any posting not in
    /// it. A query answers from the top lists of its terms when the k-th score among their
    /// papers beats what any other paper could score (each term's `tail`, or the factor of the
    /// first entry not read, scaled as `largestFactor` scales); otherwise those bounds cap the
    /// terms' scores in the block-max walk over the papers not yet read.
    ///
    /// Kept exact as papers arrive: a posting whose factor at `average` beats `tail` enters
    /// (the weakest entry leaving when full, raising `tail` to its factor); the list is made
    /// anew when the term's postings have doubled since, and when a snapshot is written at
    /// another average. Dead papers stay in it (a search skips them).
    ///
    /// Beside it, the term's second tier: the eighth of its postings with the largest factors
    /// (by document, without their factors), and `restFactor`, the largest factor of any
    /// posting outside it, kept so as papers arrive (a posting above it joins the tier). When
    /// no paper outside the tiers of a query's frequent terms can reach the k-th score, a
    /// search walks the tiers instead of the whole posting lists, whose blocks all hold some
    /// strong posting and so skip little (at 2.7M papers, "advancing world" walked 431,109
    /// postings to score 166): see `KeywordIndex.walkTiers`.
    struct TopList: Sendable {
        var documents: [UInt32] = []
        var factors: [Double] = []
        var tail = 0.0
        var average = 1.0
        /// The term's postings when the list was made.
        var madeAt = 0
        var capacity = 0
        /// The second tier's papers, ascending.
        var tier: [UInt32] = []
        /// The largest factor at `average` of a posting outside `tier`.
        var restFactor = 0.0

        /// The tier holds this share of a term's postings (one in `tierShare`).
        static let tierShare = 8

        /// The bound (at `average`) of the postings not among the first `prefix` entries.
        func bound(after prefix: Int) -> Double { prefix < factors.count ? factors[prefix] : tail }

        mutating func offer(_ document: UInt32, factor: Double) {
            guard factor > tail else { return }
            // After the entries of equal or larger factor.
            let place = factors.partitioningIndex { $0 < factor }
            factors.insert(factor, at: place)
            documents.insert(document, at: place)
            if factors.count > capacity {
                tail = max(tail, factors.removeLast())
                documents.removeLast()
            }
        }
    }

    /// Lists with at least this many postings get a top list.
    static let topListThreshold = 2048

    /// How deep a search reads the top lists before it walks the postings instead.
    static let topListSearchDepth = 2048

    /// How many entries a top list of a term with `count` postings keeps.
    static func topListCapacity(_ count: Int) -> Int { min(count, max(512, min(count / 16, 8192))) }

    private(set) var blocks: [Block] = []
    private(set) var bytes = MappedBytes()
    /// The open block (count 0 when there is none).
    private(set) var open = Block.empty
    /// Postings, sealed and open.
    private(set) var count = 0

    init() {}

    /// A top list behind a reference: only frequent terms have one, and inline it would
    /// make every term's list 48 bytes longer (10 MB at 93k papers' 218,000 terms).
    private final class TopListBox: @unchecked Sendable {
        // Mutated only through `offerToTop`, when the list holding the box is its only owner.
        var list: TopList
        init(_ list: TopList) { self.list = list }
    }

    private var topBox: TopListBox?

    /// The top list (frequent terms only).
    var top: TopList? {
        get { topBox?.list }
        set { topBox = newValue.map(TopListBox.init) }
    }

    /// Offers a posting to the top list in place, copying the box first if another copy of
    /// this list shares it.
    private mutating func offerToTop(_ document: UInt32, _ frequencies: ColumnFrequencies, length: UInt32) {
        guard topBox != nil else { return }
        if !isKnownUniquelyReferenced(&topBox) { topBox = TopListBox(topBox!.list) }
        let box = topBox!
        let factor = PostingList.factor(frequencies, length: length, average: box.list.average)
        box.list.offer(document, factor: factor)
        if factor > box.list.restFactor { box.list.tier.append(document) }
    }

    /// A list as a snapshot holds it.
    init(blocks: [Block], bytes: MappedBytes, open: Block, count: Int, top: TopList?) {
        self.blocks = blocks
        self.bytes = bytes
        self.open = open
        self.count = count
        self.top = top
    }

    /// A top list made from every posting at average length `average`.
    func makeTopList(lengths: [UInt32], average: Double) -> TopList {
        var documents: [UInt32] = [], frequencies: [ColumnFrequencies] = []
        var all: [(factor: Double, document: UInt32)] = []
        all.reserveCapacity(count)
        var list = TopList()
        for block in 0..<blockCount {
            decode(block: block, documents: &documents, frequencies: &frequencies)
            for (document, counts) in zip(documents, frequencies) {
                let factor = PostingList.factor(counts, length: lengths[Int(document)], average: average)
                all.append((factor, document))
            }
        }
        all.sort { $0.factor != $1.factor ? $0.factor > $1.factor : $0.document < $1.document }
        let capacity = PostingList.topListCapacity(count)
        let tierSize = max(capacity, count / TopList.tierShare)
        list.tier = all.prefix(tierSize).map(\.document).sorted()
        list.restFactor = all.count > tierSize ? all[tierSize].factor : 0
        list.documents = all.prefix(capacity).map(\.document)
        list.factors = all.prefix(capacity).map(\.factor)
        list.tail = all.count > capacity ? all[capacity].factor : 0
        list.average = average
        list.madeAt = count
        list.capacity = capacity
        return list
    }

    /// Adds a posting; `document` must be above every document already in the list. `lengths`
    /// are the index's document lengths (for a block's exact factor when it fills) and
    /// `average` the average length now. A bulk build leaves the top list to `makeTopListIfFrequent`
    /// at its end (`keepingTopList` false) rather than remaking it every time the list doubles.
    mutating func append(_ document: UInt32, _ frequencies: ColumnFrequencies, length: UInt32,
                         lengths: [UInt32], average: Double, keepingTopList: Bool = true) {
        let previous = open.count > 0 ? open.lastDocument : (blocks.last?.lastDocument ?? 0)
        if open.count == 0 { open.offset = UInt32(bytes.count) }
        bytes.appending { bytes in
            Varint.append(document - previous, to: &bytes)
            frequencies.encode(to: &bytes)
        }
        // The open block's factor, kept an upper bound as the average moves (see `largestFactor`).
        open.largestFactor = max(open.largestFactor * max(1, average / open.average),
                                 PostingList.factor(frequencies, length: length, average: average))
        open.average = average
        open.lastDocument = document
        open.count += 1
        open.maximum.formMaximum(frequencies)
        open.shortestLength = min(open.shortestLength, length)
        count += 1
        if Int(open.count) == PostingList.blockSize { seal(lengths: lengths, average: average) }
        guard keepingTopList else { return }
        if let madeAt = topBox?.list.madeAt {
            if count >= 2 * madeAt {
                top = makeTopList(lengths: lengths, average: average)
            } else {
                offerToTop(document, frequencies, length: length)
            }
        } else if count >= PostingList.topListThreshold {
            top = makeTopList(lengths: lengths, average: average)
        }
    }

    /// Makes the top list a list of this length has (see `append`) at average length `average`.
    mutating func makeTopListIfFrequent(lengths: [UInt32], average: Double) {
        if count >= PostingList.topListThreshold { top = makeTopList(lengths: lengths, average: average) }
    }

    /// The frequency factor of one posting for a text phrase with the search weights.
    static func factor(_ frequencies: ColumnFrequencies, length: UInt32, average: Double) -> Double {
        let f = frequencies.weighted(0b0111, ColumnWeights.search)
        guard f > 0 else { return 0 }
        return f / (f + TextIndex.k1 * (1 - TextIndex.b + TextIndex.b * Double(length) / average))
    }

    /// The largest frequency factor of a block's postings at average length `average`, exactly.
    func exactLargestFactor(ofBlock index: Int, lengths: [UInt32], average: Double) -> Double {
        var documents: [UInt32] = [], frequencies: [ColumnFrequencies] = []
        decode(block: index, documents: &documents, frequencies: &frequencies)
        return PostingList.largestFactor(documents, frequencies, lengths: lengths, average: average)
    }

    /// The largest frequency factor of these postings at average length `average`.
    static func largestFactor(_ documents: [UInt32], _ frequencies: [ColumnFrequencies], lengths: [UInt32], average: Double) -> Double {
        zip(documents, frequencies).reduce(0.0) { largest, posting in
            max(largest, PostingList.factor(posting.1, length: lengths[Int(posting.0)], average: average))
        }
    }

    /// Closes the open block, packed in place of its varints, with its exact factor at
    /// today's average.
    private mutating func seal(lengths: [UInt32], average: Double) {
        var documents: [UInt32] = [], frequencies: [ColumnFrequencies] = []
        decode(block: blocks.count, documents: &documents, frequencies: &frequencies)
        var sealed = open
        sealed.largestFactor = PostingList.largestFactor(documents, frequencies, lengths: lengths, average: average)
        sealed.average = average
        var packed: [UInt8] = []
        PackedBlock.encode(documents: documents, frequencies: frequencies, previous: blocks.last?.lastDocument ?? 0, to: &packed)
        bytes.replaceTail(from: Int(open.offset), with: packed)
        blocks.append(sealed)
        open = .empty
    }

    /// The number of blocks a cursor walks: the sealed ones, then the open one if not empty.
    var blockCount: Int { blocks.count + (open.count == 0 ? 0 : 1) }

    func block(_ index: Int) -> Block { index < blocks.count ? blocks[index] : open }

    func lastDocument(ofBlock index: Int) -> UInt32 { block(index).lastDocument }

    func maximum(ofBlock index: Int) -> (ColumnFrequencies, UInt32) {
        let b = block(index)
        return (b.maximum, b.shortestLength)
    }

    /// The largest frequency factor (see `Block.largestFactor`) a posting of the block can
    /// have at average length `average`. It grows at most in proportion when the average has
    /// grown since it was computed (f / (f + A + C / r) ≤ r · f / (f + A + C) for r ≥ 1), and
    /// shrinks when the average falls.
    func largestFactor(ofBlock index: Int, average: Double) -> Double {
        let b = block(index)
        return b.largestFactor * max(1, average / b.average)
    }

    /// The postings of one block, into `documents` and `frequencies` (replaced).
    func decode(block index: Int, documents: inout [UInt32], frequencies: inout [ColumnFrequencies]) {
        let documentBuffer = UnsafeMutablePointer<UInt32>.allocate(capacity: PostingList.blockSize)
        let frequencyBuffer = UnsafeMutablePointer<ColumnFrequencies>.allocate(capacity: PostingList.blockSize)
        defer {
            documentBuffer.deallocate()
            frequencyBuffer.deallocate()
        }
        let count = decode(block: index, toDocuments: documentBuffer, frequencies: frequencyBuffer)
        documents = Array(UnsafeBufferPointer(start: documentBuffer, count: count))
        frequencies = Array(UnsafeBufferPointer(start: frequencyBuffer, count: count))
    }

    /// The varint at `position` (moved past it), read no further than `end`: the postings'
    /// numbers, read inline by the decoders (the search's hottest loop).
    @inline(__always)
    static func varint(_ raw: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ end: Int) -> UInt32 {
        var value: UInt32 = 0, shift: UInt32 = 0
        while position < end {
            let byte = raw[position]
            position += 1
            value |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return value
    }

    /// The first block from `start` on whose last document is at or after `target`
    /// (`blockCount` when there is none): where a cursor asked for `target` looks.
    @inline(__always)
    func firstBlock(from start: Int, reaching target: UInt32) -> Int {
        var next = start
        let count = blockCount
        while next < count, lastDocument(ofBlock: next) < target { next += 1 }
        return next
    }

    /// The documents of one block whose posting has a count in one of `columns` (a mask of
    /// column bits), written to `documents`, which must have room for `blockSize`; returns how
    /// many. What a count needs: no frequency is kept, each is skipped over.
    func decodeDocuments(block index: Int, occurringIn columns: UInt8, to documents: UnsafeMutablePointer<UInt32>) -> Int {
        let b = block(index)
        var document = index == 0 ? 0 : blocks[index - 1].lastDocument
        if index < blocks.count {
            let count = decodeDocuments(block: index, to: documents)
            return bytes.withPart(holding: Int(b.offset)) { raw, start in
                withUnsafeTemporaryAllocation(of: Bool.self, capacity: count) { occurs in
                    PackedBlock.occurrence(raw, at: start, end: raw.count, count: count, in: columns, to: occurs.baseAddress!)
                    var kept = 0
                    for slot in 0..<count {
                        documents[kept] = documents[slot]
                        kept += occurs[slot] ? 1 : 0
                    }
                    return kept
                }
            }
        }
        return bytes.withPart(holding: Int(b.offset)) { raw, start in
            var position = start
            let end = raw.count
            var kept = 0
            for _ in 0..<min(Int(b.count), PostingList.blockSize) {
                document &+= PostingList.varint(raw, &position, end)
                guard position < end else { break }
                let mask = raw[position]
                position += 1
                // Past the mask's counts (as `decode` reads them): each ends at its first byte below 0x80.
                for _ in 0..<(mask & 0x0F).nonzeroBitCount {
                    while position < end, raw[position] >= 0x80 { position += 1 }
                    position += 1
                }
                documents[kept] = document
                kept += mask & columns != 0 ? 1 : 0
            }
            return kept
        }
    }

    /// The postings of one block written to `documents` and `frequencies`, which must have
    /// room for `blockSize`; returns how many. (Labelled apart from the arrays' version: an
    /// `&array` argument converts to a pointer, and would pick this one and overrun the array.)
    func decode(block index: Int, toDocuments documents: UnsafeMutablePointer<UInt32>,
                frequencies: UnsafeMutablePointer<ColumnFrequencies>) -> Int {
        if index < blocks.count {
            let count = decodeDocuments(block: index, to: documents)
            decodeFrequencies(block: index, count: count, to: frequencies)
            return count
        }
        let b = block(index)
        var document = index == 0 ? 0 : blocks[index - 1].lastDocument
        // The hot loop of every search: one pass over the block's bytes through a pointer,
        // the varints read inline (a checked array per call cost a retain and a bounds
        // check per number). Reads stop at the end of the bytes whatever they hold.
        return bytes.withPart(holding: Int(b.offset)) { raw, start in
            var position = start
            let end = raw.count
            @inline(__always) func varint() -> UInt32 { PostingList.varint(raw, &position, end) }
            let count = min(Int(b.count), PostingList.blockSize)
            for slot in 0..<count {
                document &+= varint()
                documents[slot] = document
                var counts = ColumnFrequencies()
                if position < end {
                    let mask = raw[position]
                    position += 1
                    if mask & 1 != 0 { counts.counts.0 = UInt16(truncatingIfNeeded: varint()) }
                    if mask & 2 != 0 { counts.counts.1 = UInt16(truncatingIfNeeded: varint()) }
                    if mask & 4 != 0 { counts.counts.2 = UInt16(truncatingIfNeeded: varint()) }
                    if mask & 8 != 0 { counts.counts.3 = UInt16(truncatingIfNeeded: varint()) }
                }
                (frequencies + slot).initialize(to: counts)
            }
            return count
        }
    }

    /// Whether a block is packed (sealed): its documents and frequencies decode apart.
    @inline(__always)
    func isPacked(_ block: Int) -> Bool { block < blocks.count }

    /// The documents of a sealed block, written to `documents` (room for `blockSize`); returns how many.
    @inline(__always)
    func decodeDocuments(block index: Int, to documents: UnsafeMutablePointer<UInt32>) -> Int {
        let b = blocks[index]
        let count = min(Int(b.count), PostingList.blockSize)
        let previous = index == 0 ? 0 : blocks[index - 1].lastDocument
        bytes.withPart(holding: Int(b.offset)) { raw, start in
            PackedBlock.decodeDocuments(raw, at: start, end: raw.count, count: count, previous: previous, to: documents)
        }
        return count
    }

    /// The frequencies of a sealed block's `count` postings, written to `frequencies`.
    @inline(__always)
    func decodeFrequencies(block index: Int, count: Int, to frequencies: UnsafeMutablePointer<ColumnFrequencies>) {
        bytes.withPart(holding: Int(blocks[index].offset)) { raw, start in
            PackedBlock.decodeFrequencies(raw, at: start, end: raw.count, count: count, to: frequencies)
        }
    }

    /// The frequencies of posting `slot` of a sealed block of `count` postings.
    @inline(__always)
    func frequencies(block index: Int, count: Int, slot: Int) -> ColumnFrequencies {
        bytes.withPart(holding: Int(blocks[index].offset)) { raw, start in
            PackedBlock.frequencies(raw, at: start, end: raw.count, count: count, slot: slot)
        }
    }
}
