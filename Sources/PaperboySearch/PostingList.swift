import PaperboyCore

/// One term's postings: the papers it occurs in (dense document numbers, ascending) with its
/// frequency in each column, in blocks of `blockSize`. A full block is compressed (document
/// gaps and frequencies as varints) and described by `Block`: its last document, and the
/// largest frequency per column and smallest document length within it, from which a query
/// bounds the score of any paper in the block without decoding it. The last, open block stays
/// as plain arrays until it fills, so papers are appended as they are indexed.
struct PostingList: Sendable {
    static let blockSize = 128

    /// A sealed block's summary.
    struct Block: Sendable {
        var lastDocument: UInt32
        /// Where its bytes start in `bytes`.
        var offset: Int
        var count: UInt16
        var maximum: ColumnFrequencies
        var shortestLength: UInt32
        /// The largest bm25 frequency factor `f / (f + k1 · (1 − b + b · length / average))` of
        /// its postings for a phrase in any text column with the search weights, at the average
        /// length `average` of when it was sealed: a far tighter bound than `maximum` with
        /// `shortestLength`, which may come from different papers.
        var largestFactor: Double
        var average: Double
    }

    private(set) var blocks: [Block] = []
    private(set) var bytes: [UInt8] = []
    // The open block.
    private(set) var openDocuments: [UInt32] = []
    private(set) var openFrequencies: [ColumnFrequencies] = []
    private(set) var openMaximum = ColumnFrequencies()
    private(set) var openShortestLength = UInt32.max
    private(set) var openLengths: [UInt32] = []

    /// Postings, sealed and open.
    var count: Int { blocks.reduce(0) { $0 + Int($1.count) } + openDocuments.count }

    /// Adds a posting; `document` must be above every document already in the list.
    /// `average` is the index's average document length now, what the block's factor is
    /// computed with if this posting fills it.
    mutating func append(_ document: UInt32, _ frequencies: ColumnFrequencies, length: UInt32, average: Double) {
        openDocuments.append(document)
        openFrequencies.append(frequencies)
        openLengths.append(length)
        openMaximum.formMaximum(frequencies)
        openShortestLength = min(openShortestLength, length)
        if openDocuments.count == PostingList.blockSize { seal(average: average) }
    }

    /// The frequency factor of one posting for a text phrase with the search weights.
    static func factor(_ frequencies: ColumnFrequencies, length: UInt32, average: Double) -> Double {
        let f = frequencies.weighted(0b0111, TextIndex.searchWeights)
        guard f > 0 else { return 0 }
        return f / (f + TextIndex.k1 * (1 - TextIndex.b + TextIndex.b * Double(length) / average))
    }

    private mutating func seal(average: Double) {
        var largest = 0.0
        for (frequencies, length) in zip(openFrequencies, openLengths) {
            largest = max(largest, PostingList.factor(frequencies, length: length, average: average))
        }
        let offset = bytes.count
        var previous = blocks.last.map { $0.lastDocument } ?? 0
        for (document, frequencies) in zip(openDocuments, openFrequencies) {
            Varint.append(document - previous, to: &bytes)
            previous = document
            frequencies.encode(to: &bytes)
        }
        blocks.append(Block(lastDocument: openDocuments.last!, offset: offset, count: UInt16(openDocuments.count),
                            maximum: openMaximum, shortestLength: openShortestLength, largestFactor: largest, average: average))
        openDocuments.removeAll(keepingCapacity: true)
        openFrequencies.removeAll(keepingCapacity: true)
        openLengths.removeAll(keepingCapacity: true)
        openMaximum = ColumnFrequencies()
        openShortestLength = .max
    }

    /// The number of blocks a cursor walks: the sealed ones, then the open one if not empty.
    var blockCount: Int { blocks.count + (openDocuments.isEmpty ? 0 : 1) }

    func lastDocument(ofBlock index: Int) -> UInt32 {
        index < blocks.count ? blocks[index].lastDocument : openDocuments.last!
    }

    func maximum(ofBlock index: Int) -> (ColumnFrequencies, UInt32) {
        index < blocks.count ? (blocks[index].maximum, blocks[index].shortestLength) : (openMaximum, openShortestLength)
    }

    /// The largest frequency factor (see `Block.largestFactor`) a posting of the block can
    /// have at average length `average`. A sealed block's stored factor grows at most in
    /// proportion when the average has grown since (f / (f + A + C / r) ≤ r · f / (f + A + C)
    /// for r ≥ 1); the open block is computed.
    func largestFactor(ofBlock index: Int, average: Double) -> Double {
        guard index < blocks.count else {
            var largest = 0.0
            for (frequencies, length) in zip(openFrequencies, openLengths) {
                largest = max(largest, PostingList.factor(frequencies, length: length, average: average))
            }
            return largest
        }
        let block = blocks[index]
        return block.largestFactor * max(1, average / block.average)
    }

    /// The postings of one block, into `documents` and `frequencies` (replaced).
    func decode(block index: Int, documents: inout [UInt32], frequencies: inout [ColumnFrequencies]) {
        documents.removeAll(keepingCapacity: true)
        frequencies.removeAll(keepingCapacity: true)
        guard index < blocks.count else {
            documents.append(contentsOf: openDocuments)
            frequencies.append(contentsOf: openFrequencies)
            return
        }
        let block = blocks[index]
        var document = index == 0 ? 0 : blocks[index - 1].lastDocument
        var position = block.offset
        for _ in 0..<Int(block.count) {
            document += Varint.read(bytes, at: &position)
            documents.append(document)
            frequencies.append(ColumnFrequencies.decode(bytes, at: &position))
        }
    }
}
