#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loading: map the file, check it, copy its sections into the graph's buffers.
extension GraphFile {
    static func read(from path: String) throws -> (storage: GraphStorage, efSearch: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw VectorGraphError.io("open \(path)", errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw VectorGraphError.io("fstat \(path)", errno: errno) }
        let size = Int(info.st_size)
        guard size >= headerSize + 8 else { throw VectorGraphError.notAGraphFile("\(size) bytes is too short") }
        // Mapped, not read: the pages stream in from the page cache as the copy touches them,
        // with no second file-sized buffer. The mapping is dropped once copied.
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw VectorGraphError.io("mmap \(path)", errno: errno)
        }
        defer { munmap(map, size) }
        _ = madvise(map, size, MADV_SEQUENTIAL)
        return try parse(UnsafeRawBufferPointer(start: map, count: size))
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) throws -> (storage: GraphStorage, efSearch: Int) {
        guard bytes.count >= headerSize + 8 else { throw VectorGraphError.notAGraphFile("too short for a header") }
        guard Array(bytes[0..<8]) == magic else { throw VectorGraphError.notAGraphFile("no PBVGRAPH signature") }
        var offset = 8
        func next<T: FixedWidthInteger>(_: T.Type) -> T {
            defer { offset += MemoryLayout<T>.size }
            return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        let version = next(UInt32.self)
        guard version == GraphFile.version else {
            throw VectorGraphError.notAGraphFile("format version \(version), this build reads \(GraphFile.version)")
        }
        let dimensions = Int(next(UInt32.self))
        let m = Int(next(UInt32.self))
        let efConstruction = Int(next(UInt32.self))
        let efSearch = Int(next(UInt32.self))
        let topLevel = Int(next(Int32.self))
        let entry = next(UInt32.self)
        _ = next(UInt32.self)
        let slotCount64 = next(UInt64.self)
        let upperCount64 = next(UInt64.self)
        let randomState = next(UInt64.self)
        let liveCount64 = next(UInt64.self)

        // Bound every size before any arithmetic on it.
        guard (1...65_536).contains(dimensions), (2...1_024).contains(m),
            (1...1_000_000).contains(efConstruction), (1...1_000_000).contains(efSearch),
            (-1...GraphStorage.maxLevel).contains(topLevel)
        else { throw VectorGraphError.corrupt("implausible parameters") }
        let rowLength = Int8Codes.paddedLength(dimensions)
        guard slotCount64 <= UInt64(bytes.count / rowLength), upperCount64 <= UInt64(bytes.count / 4),
            liveCount64 <= slotCount64, slotCount64 < UInt64(GraphStorage.noSlot)
        else { throw VectorGraphError.corrupt("counts larger than the file") }
        let slotCount = Int(slotCount64), upperCount = Int(upperCount64)

        let storage = GraphStorage(dimensions: dimensions, m: m, efConstruction: efConstruction, seed: randomState)
        let sizes = [
            slotCount * rowLength, slotCount * 4, slotCount * 4, slotCount, slotCount * (storage.m0 + 1) * 4,
            slotCount * 4, upperCount * 4, (slotCount + 63) / 64 * 8,
        ]
        let expected = headerSize + sizes.reduce(0) { $0 + padded($1) } + 8
        guard bytes.count == expected else {
            throw VectorGraphError.corrupt("\(bytes.count) bytes where the header implies \(expected) (truncated?)")
        }
        var checksum = Checksum()
        checksum.update(UnsafeRawBufferPointer(rebasing: bytes[0..<(expected - 8)]))
        let stored = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: expected - 8, as: UInt64.self))
        guard checksum.value == stored else { throw VectorGraphError.corrupt("checksum mismatch") }

        storage.reserve(slots: slotCount)
        storage.upperLinks.reserve(upperCount)
        storage.slotCount = slotCount
        storage.upperCount = upperCount
        var position = headerSize
        for (section, size) in zip(sections(storage), sizes) {
            if size > 0, let target = section.baseAddress {
                UnsafeMutableRawPointer(mutating: target).copyMemory(from: bytes.baseAddress! + position, byteCount: size)
            }
            position += padded(size)
        }
        storage.entry = entry
        storage.topLevel = topLevel
        try validate(storage)
        guard storage.liveCount == Int(liveCount64) else { throw VectorGraphError.corrupt("live count disagrees with tombstones") }
        return (storage, efSearch)
    }

    /// Checks everything a walk relies on: links point at slots that exist on that layer,
    /// counts fit their lists, the entry is on the top layer, live node numbers are unique.
    static func validate(_ s: GraphStorage) throws {
        let n = s.slotCount
        if n == 0 {
            guard s.entry == GraphStorage.noSlot, s.topLevel == -1 else { throw VectorGraphError.corrupt("entry in an empty graph") }
        } else {
            guard s.entry < UInt32(n), Int(s.levels[Int(s.entry)]) == s.topLevel else {
                throw VectorGraphError.corrupt("entry is not on the top layer")
            }
        }
        for slot in 0..<n {
            let level = Int(s.levels[slot])
            guard level <= s.topLevel, s.scales[slot].isFinite, s.scales[slot] >= 0 else {
                throw VectorGraphError.corrupt("slot \(slot) has a bad level or scale")
            }
            if level == 0 {
                guard s.upperStart[slot] == GraphStorage.noSlot else { throw VectorGraphError.corrupt("slot \(slot) has stray upper links") }
            } else {
                let start = Int(s.upperStart[slot])
                guard s.upperStart[slot] != GraphStorage.noSlot, start + level * (s.m + 1) <= s.upperCount else {
                    throw VectorGraphError.corrupt("slot \(slot) has upper links out of range")
                }
            }
            for layer in 0...level {
                let list = s.links(UInt32(slot), layer)
                let count = Int(list[0])
                guard count <= (layer == 0 ? s.m0 : s.m) else { throw VectorGraphError.corrupt("slot \(slot) has too many links") }
                for i in stride(from: 1, through: count, by: 1) {
                    let target = list[i]
                    guard target < UInt32(n), Int(s.levels[Int(target)]) >= layer else {
                        throw VectorGraphError.corrupt("slot \(slot) links to a slot not on layer \(layer)")
                    }
                }
            }
        }
        // Bits past the last slot must be clear, or the live count below would be off.
        if n % 64 != 0, s.deleted[n / 64] >> UInt64(n % 64) != 0 {
            throw VectorGraphError.corrupt("tombstone bits past the last slot")
        }
        var slotOfNode: [UInt32: UInt32] = [:]
        slotOfNode.reserveCapacity(n)
        for slot in 0..<n where !s.isDeleted(UInt32(slot)) {
            guard slotOfNode.updateValue(UInt32(slot), forKey: s.keys[slot]) == nil else {
                throw VectorGraphError.corrupt("node \(s.keys[slot]) is live twice")
            }
        }
        s.slotOfNode = slotOfNode
        s.liveCount = slotOfNode.count
    }
}
