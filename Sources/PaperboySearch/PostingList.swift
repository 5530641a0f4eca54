import PaperboyCore

/// One term's postings: the papers it occurs in (dense document numbers, ascending) with its
/// frequency in each column, in blocks of `blockSize`, compressed (document gaps and
/// frequencies as varints) in one byte array. Each sealed block is described by `Block`: its
/// last document, and the largest frequency per column and smallest document length within
/// it, from which a query bounds the score of any paper in the block without decoding it.
/// The last, open block is encoded the same way as papers arrive and described by the same
/// summary kept up to date, so a rare term (most terms) costs one small allocation.
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

    private(set) var blocks: [Block] = []
    private(set) var bytes: [UInt8] = []
    /// The open block (count 0 when there is none).
    private(set) var open = Block.empty
    /// Postings, sealed and open.
    private(set) var count = 0

    init() {}

    /// A list as a snapshot holds it.
    init(blocks: [Block], bytes: [UInt8], open: Block, count: Int) {
        self.blocks = blocks
        self.bytes = bytes
        self.open = open
        self.count = count
    }

    /// Adds a posting; `document` must be above every document already in the list. `lengths`
    /// are the index's document lengths (for a block's exact factor when it fills) and
    /// `average` the average length now.
    mutating func append(_ document: UInt32, _ frequencies: ColumnFrequencies, length: UInt32,
                         lengths: [UInt32], average: Double) {
        let previous = open.count > 0 ? open.lastDocument : (blocks.last?.lastDocument ?? 0)
        if open.count == 0 { open.offset = UInt32(bytes.count) }
        Varint.append(document - previous, to: &bytes)
        frequencies.encode(to: &bytes)
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
    }

    /// The frequency factor of one posting for a text phrase with the search weights.
    static func factor(_ frequencies: ColumnFrequencies, length: UInt32, average: Double) -> Double {
        let f = frequencies.weighted(0b0111, TextIndex.searchWeights)
        guard f > 0 else { return 0 }
        return f / (f + TextIndex.k1 * (1 - TextIndex.b + TextIndex.b * Double(length) / average))
    }

    /// Closes the open block with its exact factor at today's average.
    private mutating func seal(lengths: [UInt32], average: Double) {
        var documents: [UInt32] = [], frequencies: [ColumnFrequencies] = []
        decode(block: blocks.count, documents: &documents, frequencies: &frequencies)
        var largest = 0.0
        for (document, counts) in zip(documents, frequencies) {
            largest = max(largest, PostingList.factor(counts, length: lengths[Int(document)], average: average))
        }
        var sealed = open
        sealed.largestFactor = largest
        sealed.average = average
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
        documents.removeAll(keepingCapacity: true)
        frequencies.removeAll(keepingCapacity: true)
        let b = block(index)
        var document = index == 0 ? 0 : blocks[index - 1].lastDocument
        var position = Int(b.offset)
        for _ in 0..<Int(b.count) {
            document += Varint.read(bytes, at: &position)
            documents.append(document)
            frequencies.append(ColumnFrequencies.decode(bytes, at: &position))
        }
    }
}
