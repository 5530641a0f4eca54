import PaperboyCore

extension KeywordIndex {
    /// Writes the whole index (tombstones included) for `init(reading:)`.
    func write(to writer: inout SnapshotWriter) {
        writer.write(UInt64(ids.count))
        for id in ids { writer.write(id.rawValue) }
        writer.write(array: lengths)
        writer.write(array: published)
        writer.write(array: categoryTerms)
        writer.write(array: categoryStarts)
        writer.write(array: positionStarts)
        positions.write(to: &writer)
        writer.write(UInt64(positionTotals.title))
        writer.write(UInt64(positionTotals.abstract))
        writer.write(array: dead)
        writer.write(UInt64(totalLength))
        writer.write(UInt64(terms.count))
        for id in 0..<terms.count { writer.write(Array(terms.key(UInt32(id)))) }
        writer.write(array: documentCounts)
        // Blocks sealed when the average length was another get their exact factor at today's
        // (a bound scaled from another average is looser, and pruning lives on tight bounds).
        let average = Double(totalLength) / Double(max(liveCount, 1))
        for list in postings {
            writer.write(UInt64(list.count))
            writer.write(UInt64(list.blocks.count))
            for (index, block) in list.blocks.enumerated() {
                if abs(block.average - average) > average * 1e-4 {
                    var fresh = block
                    fresh.largestFactor = list.exactLargestFactor(ofBlock: index, lengths: lengths, average: average)
                    fresh.average = average
                    write(fresh, to: &writer)
                } else {
                    write(block, to: &writer)
                }
            }
            write(list.open, to: &writer)
            list.bytes.write(to: &writer)
            if var top = list.top {
                if abs(top.average - average) > average * 1e-4 { top = list.makeTopList(lengths: lengths, average: average) }
                writer.write(UInt64(1))
                writer.write(array: top.documents)
                writer.write(array: top.factors.map(\.bitPattern))
                writer.write(top.tail)
                writer.write(top.average)
                writer.write(UInt64(top.madeAt))
                writer.write(UInt64(top.capacity))
                writer.write(array: top.tier)
                writer.write(top.restFactor)
            } else {
                writer.write(UInt64(0))
            }
        }
    }

    private func write(_ block: PostingList.Block, to writer: inout SnapshotWriter) {
        writer.write(block.lastDocument)
        writer.write(block.offset)
        writer.write(block.count)
        for column in 0..<4 { writer.write(block.maximum[column]) }
        writer.write(block.shortestLength)
        writer.write(block.largestFactor)
        writer.write(block.average)
    }

    /// Reads what `write(to:)` wrote, checking that the parts agree with each other (every
    /// document and term number in range), so a damaged snapshot throws instead of crashing
    /// a search later. Given the `mapping` the reader's bytes lie in, the postings and
    /// positions are read there in place for as long as the index lives; without, copied.
    init(reading reader: inout SnapshotReader, mapping: SnapshotMapping? = nil) throws {
        self.init()
        self.mapping = mapping
        func bytes(tailFrom tailStart: Int? = nil) throws -> MappedBytes {
            guard mapping != nil else { return MappedBytes(Array(try reader.readBytesInPlace())) }
            let raw = try reader.readBytesInPlace()
            guard let tailStart, tailStart < raw.count else { return MappedBytes(mapped: raw) }
            return MappedBytes(mapped: UnsafeRawBufferPointer(rebasing: raw[..<tailStart]), tail: Array(raw[tailStart...]))
        }
        let documents = try reader.readCount(elementSize: 8)
        ids.reserveCapacity(documents)
        for _ in 0..<documents {
            guard let id = PaperID.parse(try reader.readString())?.id else { throw SnapshotReader.Damaged(description: "a paper id does not parse") }
            ids.append(id)
        }
        lengths = try reader.readArray(of: UInt32.self)
        published = try reader.readArray(of: Int32.self)
        categoryTerms = try reader.readArray(of: UInt32.self)
        categoryStarts = try reader.readArray(of: UInt32.self)
        positionStarts = try reader.readArray(of: UInt64.self)
        positions = try bytes()
        positionTotals = (Int(truncatingIfNeeded: try reader.read(UInt64.self)), Int(truncatingIfNeeded: try reader.read(UInt64.self)))
        dead = try reader.readArray(of: UInt32.self).sorted() // in order since 2026-12 (see `remove`)
        totalLength = Int(try reader.read(UInt64.self))
        let termCount = try reader.readCount(elementSize: 8)
        func check(_ condition: Bool, _ what: String) throws {
            if !condition { throw SnapshotReader.Damaged(description: "the snapshot's \(what) disagree") }
        }
        try check(lengths.count == documents && published.count == documents && categoryStarts.count == documents + 1, "document arrays")
        try check(categoryStarts.last.map { Int($0) == categoryTerms.count } ?? false
                  && zip(categoryStarts, categoryStarts.dropFirst()).allSatisfy { $0 <= $1 }, "category offsets")
        try check(positionStarts.count == documents + 1 && positionStarts.first == 0 && positionStarts.last == UInt64(positions.count)
                  && zip(positionStarts, positionStarts.dropFirst()).allSatisfy { $0 <= $1 }, "position offsets")
        // Each kept term takes at least one byte.
        try check((0...positions.count).contains(positionTotals.title)
                  && (0...(positions.count - positionTotals.title)).contains(positionTotals.abstract), "position totals")
        try check(categoryTerms.allSatisfy { Int($0) < termCount } && dead.allSatisfy { Int($0) < documents }, "numbers")
        for _ in 0..<termCount { _ = terms.insert(try reader.readBytesInPlace()) }
        // A term written twice numbers the rest wrongly.
        try check(terms.count == termCount, "terms")
        documentCounts = try reader.readArray(of: UInt32.self)
        try check(documentCounts.count == termCount * KeywordIndex.countedColumnSets.count, "document counts")
        postings.reserveCapacity(termCount)
        for _ in 0..<termCount {
            let count = Int(try reader.read(UInt64.self))
            let blockCount = try reader.readCount(elementSize: 40)
            var blocks: [PostingList.Block] = []
            blocks.reserveCapacity(blockCount)
            for _ in 0..<blockCount { blocks.append(try Self.readBlock(&reader)) }
            let open = try Self.readBlock(&reader)
            // The open block's bytes go to the owned tail, where the papers added later go.
            let bytes = try bytes(tailFrom: open.count > 0 ? Int(open.offset) : nil)
            // Offsets, counts and documents in order, so a cursor never reads past the bytes.
            var previous: UInt32 = 0, total = 0
            for block in blocks + (open.count > 0 ? [open] : []) {
                try check(Int(block.offset) < bytes.count && block.count > 0 && Int(block.count) <= PostingList.blockSize
                          && block.lastDocument >= previous && Int(block.lastDocument) < documents, "posting blocks")
                previous = block.lastDocument
                total += Int(block.count)
            }
            try check(total == count, "posting counts")
            var top: PostingList.TopList?
            if try reader.read(UInt64.self) != 0 {
                var list = PostingList.TopList()
                list.documents = try reader.readArray(of: UInt32.self)
                list.factors = try reader.readArray(of: UInt64.self).map(Double.init(bitPattern:))
                list.tail = try reader.readDouble()
                list.average = try reader.readDouble()
                list.madeAt = Int(try reader.read(UInt64.self))
                list.capacity = Int(try reader.read(UInt64.self))
                list.tier = try reader.readArray(of: UInt32.self)
                list.restFactor = try reader.readDouble()
                try check(list.tier.count <= count && list.tier.allSatisfy { Int($0) < documents }
                          && zip(list.tier, list.tier.dropFirst()).allSatisfy { $0 < $1 }, "tiers")
                try check(list.documents.count == list.factors.count && list.documents.count <= list.capacity
                          && list.documents.allSatisfy { Int($0) < documents } && list.madeAt <= count && list.average > 0
                          && zip(list.factors, list.factors.dropFirst()).allSatisfy { $0 >= $1 }
                          && (list.factors.last.map { $0 >= list.tail } ?? true), "top lists")
                top = list
            }
            postings.append(PostingList(blocks: blocks, bytes: bytes, open: open, count: count, top: top))
        }
        live = Array(repeating: true, count: documents)
        for document in dead { live[Int(document)] = false }
        documentOf.reserveCapacity(documents - dead.count)
        for (document, id) in ids.enumerated() where live[document] { documentOf[id] = UInt32(document) }
        liveCount = documentOf.count
        try check(liveCount == documents - Set(dead).count, "papers")
        makeDenseDocuments()
    }

    private static func readBlock(_ reader: inout SnapshotReader) throws -> PostingList.Block {
        var block = PostingList.Block.empty
        block.lastDocument = try reader.read()
        block.offset = try reader.read()
        block.count = try reader.read()
        for column in 0..<4 { block.maximum[column] = try reader.read() }
        block.shortestLength = try reader.read()
        block.largestFactor = try reader.readDouble()
        block.average = try reader.readDouble()
        return block
    }
}
