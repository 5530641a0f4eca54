/// Reads one posting list in document order, decoding a block only when a document in it
/// is asked for; `bound(at:)` looks at the blocks' summaries alone. A class, so that moving it
/// never copies its decoded block (a struct held in an array is copied on write).
final class PostingCursor {
    let list: PostingList
    private var block = -1
    private var documents: [UInt32] = []
    private var frequencies: [ColumnFrequencies] = []
    private var position = 0
    /// The current document; `UInt32.max` once the list is done.
    private(set) var document: UInt32 = 0
    /// The block `bound(at:)` last looked at (targets only grow).
    private var shallowBlock = 0

    init(_ list: PostingList) {
        self.list = list
        documents.reserveCapacity(PostingList.blockSize)
        frequencies.reserveCapacity(PostingList.blockSize)
        advance(to: 0)
    }

    var isDone: Bool { document == .max }

    /// The current document's frequencies (not when done).
    var current: ColumnFrequencies { frequencies[position] }

    /// Moves to the first posting at or after `target`.
    func advance(to target: UInt32) {
        if block >= 0, document != .max, document >= target { return }
        var next = max(block, 0)
        while next < list.blockCount, list.lastDocument(ofBlock: next) < target { next += 1 }
        guard next < list.blockCount else {
            document = .max
            return
        }
        if next != block {
            list.decode(block: next, documents: &documents, frequencies: &frequencies)
            block = next
            position = 0
        }
        while documents[position] < target { position += 1 }
        document = documents[position]
    }

    /// Moves to the next posting.
    func next() {
        guard document != .max else { return }
        if position + 1 < documents.count {
            position += 1
            document = documents[position]
        } else {
            advance(to: document + 1)
        }
    }

    /// The summary of the block that would hold `target` (the first whose last document is
    /// at or after it), or nil past the end. `target`s must not decrease between calls.
    func bound(at target: UInt32) -> (block: Int, maximum: ColumnFrequencies, shortest: UInt32, last: UInt32)? {
        while shallowBlock < list.blockCount, list.lastDocument(ofBlock: shallowBlock) < target { shallowBlock += 1 }
        guard shallowBlock < list.blockCount else { return nil }
        let (maximum, shortest) = list.maximum(ofBlock: shallowBlock)
        return (shallowBlock, maximum, shortest, list.lastDocument(ofBlock: shallowBlock))
    }
}
