/// Reads one posting list in document order, decoding a block only when a document in it
/// is asked for (a sealed block's documents alone: the counts of a posting are read from its
/// bits when asked for); `bound(at:)` looks at the blocks' summaries alone. A class, so that
/// moving it never copies its decoded block, and the block lives in two buffers of its own:
/// decoding into arrays cost a uniqueness and a capacity check per posting, the hottest loop
/// of a search.
final class PostingCursor {
    let list: PostingList
    private var block = -1
    private let documents = UnsafeMutablePointer<UInt32>.allocate(capacity: PostingList.blockSize)
    private let frequencies = UnsafeMutablePointer<ColumnFrequencies>.allocate(capacity: PostingList.blockSize)
    private var decoded = 0
    private var position = 0
    /// The current document; `UInt32.max` once the list is done.
    private(set) var document: UInt32 = 0
    /// The block `bound(at:)` last looked at (targets only grow).
    private var shallowBlock = 0

    init(_ list: PostingList) {
        self.list = list
        advance(to: 0)
    }

    deinit {
        documents.deallocate()
        frequencies.deallocate()
    }

    var isDone: Bool { document == .max }

    /// The posting whose frequencies `cached` holds (its block and place there): a packed
    /// block's are read for the postings asked for alone, each straight from its bits (a
    /// search asks for few of a block's postings, and often for one more than once).
    private var cachedBlock = -1, cachedPosition = -1
    private var cached = ColumnFrequencies()

    /// The current document's frequencies (not when done).
    var current: ColumnFrequencies {
        guard list.isPacked(block) else { return frequencies[position] }
        if cachedBlock != block || cachedPosition != position {
            cached = list.frequencies(block: block, count: decoded, slot: position)
            cachedBlock = block
            cachedPosition = position
        }
        return cached
    }

    /// Moves to the first posting at or after `target`.
    func advance(to target: UInt32) {
        if block >= 0, document != .max, document >= target { return }
        let next = list.firstBlock(from: max(block, 0), reaching: target)
        guard next < list.blockCount else {
            document = .max
            return
        }
        if next != block {
            if list.isPacked(next) {
                decoded = list.decodeDocuments(block: next, to: documents)
            } else {
                decoded = list.decode(block: next, toDocuments: documents, frequencies: frequencies)
            }
            block = next
            position = 0
        }
        while documents[position] < target { position += 1 }
        document = documents[position]
    }

    /// Moves to the next posting.
    func next() {
        guard document != .max else { return }
        if position + 1 < decoded {
            position += 1
            document = documents[position]
        } else {
            advance(to: document + 1)
        }
    }

    /// The summary of the block that would hold `target` (the first whose last document is
    /// at or after it), or nil past the end. `target`s must not decrease between calls.
    func bound(at target: UInt32) -> (block: Int, maximum: ColumnFrequencies, shortest: UInt32, last: UInt32)? {
        shallowBlock = list.firstBlock(from: shallowBlock, reaching: target)
        guard shallowBlock < list.blockCount else { return nil }
        let (maximum, shortest) = list.maximum(ofBlock: shallowBlock)
        return (shallowBlock, maximum, shortest, list.lastDocument(ofBlock: shallowBlock))
    }

    /// The list's `largestFactor(ofBlock:average:)`, read in place (passing the list on
    /// copies it: a retain and release of each of its buffers).
    func largestFactor(ofBlock index: Int, average: Double) -> Double {
        list.largestFactor(ofBlock: index, average: average)
    }
}
