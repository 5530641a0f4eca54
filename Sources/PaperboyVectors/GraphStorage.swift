/// The graph's data, in flat buffers indexed by slot (the position a vector was inserted
/// at). A node number maps to its current slot; a replaced or removed node's old slot stays
/// in the graph as a tombstone: walks still pass through it (its links keep the graph
/// connected) but results never include it.
///
/// Not thread safe: `VectorGraph` guards it with a reader/writer lock.
final class GraphStorage {
    let dimensions: Int
    /// Components per stored row: `dimensions` padded to a multiple of 16.
    let rowLength: Int
    /// Links per node above layer 0, and at layer 0.
    let m: Int
    let m0: Int
    let efConstruction: Int
    /// Level generation: level = floor(-ln(u) * levelFactor), with levelFactor = 1/ln(m).
    let levelFactor: Double
    var randomState: UInt64

    /// Slots used (live and tombstones).
    var slotCount = 0
    var liveCount = 0

    /// Per slot: the int8 row, its scale, the caller's node number, the top layer.
    var codes: GrowableBuffer<Int8>
    var scales: GrowableBuffer<Float>
    var keys: GrowableBuffer<UInt32>
    var levels: GrowableBuffer<UInt8>
    /// Per slot, layer 0: a count then `m0` slot numbers.
    var links0: GrowableBuffer<UInt32>
    /// Per slot: where its layers 1...level start in `upperLinks` (each layer a count then
    /// `m` slot numbers), or `noSlot` for a slot on layer 0 only (about 15 in 16).
    var upperStart: GrowableBuffer<UInt32>
    var upperLinks: GrowableBuffer<UInt32>
    var upperCount = 0
    /// Tombstones, one bit per slot (`(slotCount + 63) / 64` words).
    var deleted: GrowableBuffer<UInt64>

    var slotOfNode: [UInt32: UInt32] = [:]
    /// Where every walk starts (a slot on the top layer), `noSlot` while empty.
    var entry: UInt32 = GraphStorage.noSlot
    var topLevel = -1

    static let noSlot = UInt32.max
    /// Levels above this are clamped (reached with probability m^-16, i.e. never).
    static let maxLevel = 16

    init(dimensions: Int, m: Int, efConstruction: Int, seed: UInt64) {
        self.dimensions = dimensions
        rowLength = Int8Codes.paddedLength(dimensions)
        self.m = m
        m0 = 2 * m
        self.efConstruction = efConstruction
        levelFactor = 1 / log(Double(m))
        randomState = seed
        codes = GrowableBuffer(capacity: 1024 * rowLength)
        scales = GrowableBuffer(capacity: 1024)
        keys = GrowableBuffer(capacity: 1024)
        levels = GrowableBuffer(capacity: 1024)
        links0 = GrowableBuffer(capacity: 1024 * (2 * m + 1))
        upperStart = GrowableBuffer(capacity: 1024)
        upperLinks = GrowableBuffer(capacity: 1024)
        deleted = GrowableBuffer(capacity: 16)
    }

    deinit {
        codes.deallocate()
        scales.deallocate()
        keys.deallocate()
        levels.deallocate()
        links0.deallocate()
        upperStart.deallocate()
        upperLinks.deallocate()
        deleted.deallocate()
    }

    /// Makes room for `slots` slots in all per-slot buffers.
    func reserve(slots: Int) {
        codes.reserve(slots * rowLength)
        scales.reserve(slots)
        keys.reserve(slots)
        levels.reserve(slots)
        links0.reserve(slots * (m0 + 1))
        upperStart.reserve(slots)
        deleted.reserve((slots + 63) / 64)
    }

    // MARK: Slots

    /// The buffers' current addresses, for a walk. Taken after any growth (appending a slot
    /// may move the buffers) and used in loops as plain values, with none of the exclusivity
    /// checks that every read of a class's `var` costs.
    var view: GraphView {
        GraphView(
            codes: codes.base, scales: scales.base, keys: keys.base, levels: levels.base, links0: links0.base,
            upperStart: upperStart.base, upperLinks: upperLinks.base, deleted: deleted.base,
            rowLength: rowLength, m: m, m0: m0, slotCount: slotCount)
    }

    func isDeleted(_ slot: UInt32) -> Bool { view.isDeleted(slot) }

    func markDeleted(_ slot: UInt32) {
        deleted[Int(slot) >> 6] |= 1 << (UInt64(slot) & 63)
    }

    func links(_ slot: UInt32, _ layer: Int) -> UnsafeMutablePointer<UInt32> { view.links(slot, layer) }

    /// Deterministic level for the next slot: SplitMix64 from the seed, in insertion order.
    func nextLevel() -> Int {
        randomState &+= 0x9E37_79B9_7F4A_7C15
        var z = randomState
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        // u in (0, 1]: 53 random bits, never 0 (log(0) is -inf).
        let u = (Double(z >> 11) + 1) / 9_007_199_254_740_992
        return Swift.min(Int(-log(u) * levelFactor), GraphStorage.maxLevel)
    }

    /// Appends a slot for `node` with the (validated) `vector`, links empty; returns it.
    func appendSlot(node: UInt32, vector: [Float], level: Int) -> UInt32 {
        let slot = slotCount
        reserve(slots: slot + 1)
        scales[slot] = Int8Codes.encodeStored(vector, into: codes.base + slot * rowLength, padded: rowLength)
        keys[slot] = node
        levels[slot] = UInt8(level)
        links0[slot * (m0 + 1)] = 0
        if level > 0 {
            let words = level * (m + 1)
            upperLinks.reserve(upperCount + words)
            upperStart[slot] = UInt32(upperCount)
            for layer in 0..<level { upperLinks[upperCount + layer * (m + 1)] = 0 }
            upperCount += words
        } else {
            upperStart[slot] = GraphStorage.noSlot
        }
        if slot % 64 == 0 { deleted[slot / 64] = 0 }
        slotCount += 1
        return UInt32(slot)
    }

    // MARK: Scores

    /// A query coded for this graph.
    struct Query {
        var codes: [Int16]
        var scale: Float
    }

    func query(_ vector: [Float]) -> Query {
        let (codes, scale) = Int8Codes.encodeQuery(vector, padded: rowLength)
        return Query(codes: codes, scale: scale)
    }

    /// Bytes held by the buffers (what a loaded graph keeps resident), capacity included.
    var memoryBytes: Int {
        codes.capacity + scales.capacity * 4 + keys.capacity * 4 + levels.capacity
            + links0.capacity * 4 + upperStart.capacity * 4 + upperLinks.capacity * 4
            + deleted.capacity * 8 + slotOfNode.capacity * 8
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
