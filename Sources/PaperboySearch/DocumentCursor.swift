/// Reads the documents of one posting list in which its term occurs in some columns, in
/// order, for counting: a block is decoded only when a document in it is asked for, and its
/// frequencies are skipped rather than kept (`PostingList.decodeDocuments`).
final class DocumentCursor {
    let list: PostingList
    let columns: UInt8
    private var block = -1
    private let documents = UnsafeMutablePointer<UInt32>.allocate(capacity: PostingList.blockSize)
    private var decoded = 0
    private var position = 0
    /// The current document; `UInt32.max` once the list is done.
    private(set) var document: UInt32 = 0

    init(_ list: PostingList, columns: UInt8) {
        self.list = list
        self.columns = columns
        advance(to: 0)
    }

    deinit { documents.deallocate() }

    /// Moves to the first document at or after `target`.
    func advance(to target: UInt32) {
        if block >= 0, document != .max, document >= target { return }
        var next = max(block, 0)
        while true {
            next = list.firstBlock(from: next, reaching: target)
            guard next < list.blockCount else {
                document = .max
                return
            }
            if next != block {
                decoded = list.decodeDocuments(block: next, occurringIn: columns, to: documents)
                block = next
                position = 0
            }
            while position < decoded, documents[position] < target { position += 1 }
            if position < decoded {
                document = documents[position]
                return
            }
            // None left in this block occurs in the columns: on to the next.
            next += 1
        }
    }
}
