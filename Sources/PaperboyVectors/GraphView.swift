import CPrefetch

/// The graph's buffers as plain pointers, for the hot loops: scores and link lists.
/// Valid until the storage next grows; the storage's lock keeps writers out meanwhile.
/// Sendable by that discipline: a batch insert's workers share one view, each writing only
/// link lists no other worker touches (`GraphStorage+Batch`).
struct GraphView: @unchecked Sendable {
    let codes: UnsafeMutablePointer<Int8>
    let scales: UnsafeMutablePointer<Float>
    let keys: UnsafeMutablePointer<UInt32>
    let levels: UnsafeMutablePointer<UInt8>
    let links0: UnsafeMutablePointer<UInt32>
    let upperStart: UnsafeMutablePointer<UInt32>
    let upperLinks: UnsafeMutablePointer<UInt32>
    let deleted: UnsafeMutablePointer<UInt64>
    let rowLength: Int
    let m: Int
    let m0: Int
    let slotCount: Int

    @inline(__always) func row(_ slot: UInt32) -> UnsafeMutablePointer<Int8> {
        codes + Int(slot) * rowLength
    }

    @inline(__always) func isDeleted(_ slot: UInt32) -> Bool {
        deleted[Int(slot) >> 6] & (1 << (UInt64(slot) & 63)) != 0
    }

    /// The link list of `slot` on `layer`: element 0 is the count, then the slot numbers.
    @inline(__always) func links(_ slot: UInt32, _ layer: Int) -> UnsafeMutablePointer<UInt32> {
        if layer == 0 { return links0 + Int(slot) * (m0 + 1) }
        return upperLinks + Int(upperStart[Int(slot)]) + (layer - 1) * (m + 1)
    }

    /// How many rows ahead of its scoring a walk asks for a row.
    static let prefetchDistance = 4

    /// Starts loading `slot`'s row and scale into the cache.
    @inline(__always) func prefetch(_ slot: UInt32) {
        paperboy_prefetch(row(slot), rowLength)
        paperboy_prefetch(scales + Int(slot), 4)
    }

    /// The similarity of a coded query and a stored slot.
    @inline(__always) func score(_ query: UnsafePointer<Int16>, _ scale: Float, _ slot: UInt32) -> Float {
        Float(Int8Codes.dot(query, row(slot), rowLength)) * scale * scales[Int(slot)]
    }

    /// Widens a stored slot into a query (`scratch`, `rowLength` long) and returns its scale:
    /// stored slots are compared as query against row, the fast product.
    @inline(__always) func widen(_ slot: UInt32, into scratch: UnsafeMutablePointer<Int16>) -> Float {
        Int8Codes.widen(row(slot), into: scratch, rowLength)
        return scales[Int(slot)]
    }
}
