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
    }

    private(set) var blocks: [Block] = []
    private(set) var bytes: [UInt8] = []
    // The open block.
    private(set) var openDocuments: [UInt32] = []
    private(set) var openFrequencies: [ColumnFrequencies] = []
    private(set) var openMaximum = ColumnFrequencies()
    private(set) var openShortestLength = UInt32.max

    /// Postings, sealed and open.
    var count: Int { blocks.reduce(0) { $0 + Int($1.count) } + openDocuments.count }

    /// Adds a posting; `document` must be above every document already in the list.
    mutating func append(_ document: UInt32, _ frequencies: ColumnFrequencies, length: UInt32) {
        openDocuments.append(document)
        openFrequencies.append(frequencies)
        openMaximum.formMaximum(frequencies)
        openShortestLength = min(openShortestLength, length)
        if openDocuments.count == PostingList.blockSize { seal() }
    }

    private mutating func seal() {
        let offset = bytes.count
        var previous = blocks.last.map { $0.lastDocument } ?? 0
        for (document, frequencies) in zip(openDocuments, openFrequencies) {
            Varint.append(document - previous, to: &bytes)
            previous = document
            frequencies.encode(to: &bytes)
        }
        blocks.append(Block(lastDocument: openDocuments.last!, offset: offset, count: UInt16(openDocuments.count),
                            maximum: openMaximum, shortestLength: openShortestLength))
        openDocuments.removeAll(keepingCapacity: true)
        openFrequencies.removeAll(keepingCapacity: true)
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
