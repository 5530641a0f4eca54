/// Rows of equal-length dense vectors (paper embeddings), each kept as signed bytes and one
/// scale: value k of row i is `codes[i * width + k] * scales[i]` (for gathered rows, at the
/// row's slot instead of i: read them through `row`, `dot` and `add`).
///
/// A byte a value, not a Float: a row for every paper is 36 MB at 93k papers instead of
/// 143 MB, and a unit vector's largest value over 127 is fine enough for what reader models
/// do with it (`eval recs` gives the same figures to the third decimal).
public struct DenseRows: Sendable {
    public let width: Int
    public private(set) var codes: [Int8] = []
    public private(set) var scales: [Float] = []
    /// For gathered rows (`init(width:count:gathering:fill:)`): where each row's codes are,
    /// by row; a row not gathered points at the last, all zeros. Nil: row i is at i.
    private var slots: [Int32]?

    /// Rows from `values`, row i at `values[i * width ..< (i + 1) * width]`.
    public init(width: Int, values: [Float] = []) {
        precondition(width > 0 && values.count % width == 0)
        self.width = width
        codes.reserveCapacity(values.count)
        scales.reserveCapacity(values.count / width)
        var start = 0
        while start < values.count {
            append(values[start..<start + width])
            start += width
        }
    }

    /// `count` rows of zeros, to be `set` in any order.
    public init(width: Int, count: Int) {
        precondition(width > 0 && count >= 0)
        self.width = width
        codes = Array(repeating: 0, count: width * count)
        scales = Array(repeating: 0, count: count)
    }

    /// Rows `rows` of `count` (the rest zeros), their codes and scales written by `fill`, in
    /// the order of `rows`, into buffers of `rows.count` rows: what an index holding the codes
    /// already hands a model (`EmbeddingRows`).
    public init(width: Int, count: Int, gathering rows: [Int],
                fill: (_ codes: UnsafeMutableBufferPointer<Int8>, _ scales: UnsafeMutableBufferPointer<Float>) -> Void) {
        precondition(width > 0 && rows.allSatisfy { (0..<count).contains($0) })
        self.width = width
        codes = Array(repeating: 0, count: width * (rows.count + 1))
        scales = Array(repeating: 0, count: rows.count + 1)
        codes.withUnsafeMutableBufferPointer { codes in
            scales.withUnsafeMutableBufferPointer { scales in
                fill(UnsafeMutableBufferPointer(rebasing: codes[..<(width * rows.count)]), UnsafeMutableBufferPointer(rebasing: scales[..<rows.count]))
            }
        }
        var slots = [Int32](repeating: Int32(rows.count), count: count)
        for (slot, row) in rows.enumerated() { slots[row] = Int32(slot) }
        self.slots = slots
    }

    public var count: Int { slots?.count ?? scales.count }

    /// Where row `row`'s codes and scale are.
    @inline(__always)
    func slot(_ row: Int) -> Int { slots.map { Int($0[row]) } ?? row }

    public mutating func append(_ row: some Collection<Float>) {
        precondition(row.count == width)
        codes.append(contentsOf: repeatElement(0, count: width))
        scales.append(0)
        set(count - 1, row)
    }

    /// Replaces row `row` with `values`.
    public mutating func set(_ row: Int, _ values: some Collection<Float>) {
        precondition(values.count == width && slots == nil)
        let largest = values.reduce(Float(0)) { max($0, abs($1)) }
        let scale = largest > 0 && largest.isFinite ? largest / 127 : 0
        scales[row] = scale
        for (k, value) in values.enumerated() {
            codes[row * width + k] = scale > 0 ? Int8(max(-127, min(127, (value / scale).rounded()))) : 0
        }
    }

    /// Row `row` as Floats.
    public func row(_ row: Int) -> [Float] {
        let slot = slot(row)
        let scale = scales[slot]
        return codes[slot * width..<(slot + 1) * width].map { Float($0) * scale }
    }

    /// The dot product of row `row` with `vector` (`width` values).
    public func dot(_ row: Int, _ vector: UnsafeBufferPointer<Float>) -> Float {
        let slot = slot(row)
        return codes.withUnsafeBufferPointer { codes in
            Self.dot(codes.baseAddress! + slot * width, vector.baseAddress!, width) * scales[slot]
        }
    }

    /// The dot product of every row in `rows` with `vector`, into `scores` at the same indexes.
    public func dots(_ rows: [Int], _ vector: [Float], into scores: inout [Float]) {
        precondition(vector.count == width)
        vector.withUnsafeBufferPointer { vector in
            codes.withUnsafeBufferPointer { codes in
                for row in rows {
                    let slot = slot(row)
                    scores[row] = Self.dot(codes.baseAddress! + slot * width, vector.baseAddress!, width) * scales[slot]
                }
            }
        }
    }

    /// `vector += scale · row`.
    public func add(_ row: Int, scaledBy scale: Float, to vector: UnsafeMutableBufferPointer<Float>) {
        let slot = slot(row)
        codes.withUnsafeBufferPointer { codes in
            let codes = codes.baseAddress! + slot * width
            let scale = scale * scales[slot]
            var k = 0
            // Eight lanes at a time: a 384-wide embedding is most of a reader model's arithmetic.
            while k + 8 <= width {
                let pointer = UnsafeMutableRawPointer(vector.baseAddress! + k)
                pointer.storeBytes(of: pointer.loadUnaligned(as: SIMD8<Float>.self) + scale * Self.load(codes + k), as: SIMD8<Float>.self)
                k += 8
            }
            while k < width {
                vector[k] += scale * Float(codes[k])
                k += 1
            }
        }
    }

    /// The codes at `codes` as Floats, eight at a time.
    @inline(__always)
    static func load(_ codes: UnsafePointer<Int8>) -> SIMD8<Float> {
        SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: UnsafeRawPointer(codes).loadUnaligned(as: SIMD8<Int8>.self)))
    }

    /// Σ codes[k] · vector[k] over `width` values.
    @inline(__always)
    static func dot(_ codes: UnsafePointer<Int8>, _ vector: UnsafePointer<Float>, _ width: Int) -> Float {
        var sum = SIMD8<Float>()
        var k = 0
        while k + 8 <= width {
            sum += load(codes + k) * UnsafeRawPointer(vector + k).loadUnaligned(as: SIMD8<Float>.self)
            k += 8
        }
        var total = sum.sum()
        while k < width {
            total += Float(codes[k]) * vector[k]
            k += 1
        }
        return total
    }
}
