/// The vector arithmetic: how float vectors become int8 codes (stored) and int16 codes
/// (queries), and the dot products between them.
///
/// A stored vector keeps one int8 per component, scaled so its largest component is ±127,
/// plus that scale as a Float: 384 + 4 bytes for a 384-dim vector instead of 1,536. A query
/// is coded with int16 (about 2^15 steps), so its rounding error is negligible and all the
/// error is the stored side's. A score is one exact integer dot product, then one float
/// multiply by the two scales.
///
/// Speed: the dot product is written so that it compiles to `pmaddwd` (eight 16-bit
/// products summed in pairs, per instruction) on baseline x86-64 without intrinsics. A row
/// is read 16 bytes at a time as eight little-endian 16-bit words; `(w << 8) >> 8` is then
/// the even bytes sign-extended and `w >> 8` the odd ones, with no shuffles. So a query is
/// stored permuted: in each block of 16 components, the 8 even ones, then the 8 odd ones.
/// (A plain loop over Int32 products compiles to a third of this speed: 56 ns against 18 ns
/// per 384-dim product, measured in release on this machine.)
///
/// Rows are padded with zeros to a multiple of 16 components, so the loops have no tail.
enum Int8Codes {
    static func paddedLength(_ dimensions: Int) -> Int { (dimensions + 15) / 16 * 16 }

    /// Checks a caller's vector before it is coded: NaN or infinity would trap in the
    /// integer conversion, and a wrong length would read past the row.
    static func validate(_ vector: [Float], dimensions: Int) throws {
        guard vector.count == dimensions else {
            throw VectorGraphError.dimensionMismatch(expected: dimensions, got: vector.count)
        }
        for x in vector where !x.isFinite { throw VectorGraphError.nonFiniteComponent }
    }

    /// Writes the int8 code of `vector` into `row` (padded length) and returns its scale.
    /// A zero vector codes as zeros with scale 0 (it scores 0 against everything).
    static func encodeStored(_ vector: [Float], into row: UnsafeMutablePointer<Int8>, padded: Int) -> Float {
        let largest = vector.reduce(Float(0)) { Swift.max($0, abs($1)) }
        row.initialize(repeating: 0, count: padded)
        guard largest > 0 else { return 0 }
        let toCode = 127 / largest
        for (i, x) in vector.enumerated() {
            row[i] = Int8(clamping: Int32((x * toCode).rounded()))
        }
        return largest / 127
    }

    /// Where component `i` goes in a permuted query (see the type's comment).
    @inline(__always) static func permuted(_ i: Int) -> Int {
        let block = i & ~15, within = i & 15
        return block + (within & 1) * 8 + within >> 1
    }

    /// The permuted int16 code of a query, and its scale.
    static func encodeQuery(_ vector: [Float], padded: Int) -> (codes: [Int16], scale: Float) {
        var codes = [Int16](repeating: 0, count: padded)
        let largest = vector.reduce(Float(0)) { Swift.max($0, abs($1)) }
        guard largest > 0 else { return (codes, 0) }
        // Keep every sum of products inside Int32: |sum| <= padded * 127 * top.
        let top = Float(Swift.min(32_767, Int(Int32.max) / (127 * Swift.max(padded, 1))))
        let toCode = top / largest
        for (i, x) in vector.enumerated() {
            codes[permuted(i)] = Int16(clamping: Int32((x * toCode).rounded()))
        }
        return (codes, largest / top)
    }

    // Debug builds run SIMD code as unspecialised generic calls, a hundred times slower than
    // scalar code, which made the tests take minutes; they use the scalar loops, whose
    // integer results are identical (a test checks the two against each other).

    /// Widens a stored row into a permuted int16 query (scale: the row's own), so two stored
    /// rows are compared with the same fast product.
    @inline(__always)
    static func widen(_ row: UnsafePointer<Int8>, into query: UnsafeMutablePointer<Int16>, _ count: Int) {
        #if DEBUG
        widenScalar(row, into: query, count)
        #else
        widenSIMD(row, into: query, count)
        #endif
    }

    static func widenScalar(_ row: UnsafePointer<Int8>, into query: UnsafeMutablePointer<Int16>, _ count: Int) {
        for i in 0..<count { query[permuted(i)] = Int16(row[i]) }
    }

    @inline(__always)
    static func widenSIMD(_ row: UnsafePointer<Int8>, into query: UnsafeMutablePointer<Int16>, _ count: Int) {
        let raw = UnsafeRawPointer(row)
        let out = UnsafeMutableRawPointer(query)
        var i = 0
        while i < count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: SIMD8<Int16>.self)
            out.storeBytes(of: (w &<< 8) &>> 8, toByteOffset: 2 * i, as: SIMD8<Int16>.self)
            out.storeBytes(of: w &>> 8, toByteOffset: 2 * i + 16, as: SIMD8<Int16>.self)
            i += 16
        }
    }

    /// Σ query[i] * row[i], with `query` permuted; `count` is the padded length.
    @inline(__always)
    static func dot(_ query: UnsafePointer<Int16>, _ row: UnsafePointer<Int8>, _ count: Int) -> Int32 {
        #if DEBUG
        dotScalar(query, row, count)
        #else
        dotSIMD(query, row, count)
        #endif
    }

    static func dotScalar(_ query: UnsafePointer<Int16>, _ row: UnsafePointer<Int8>, _ count: Int) -> Int32 {
        var sum: Int32 = 0
        for i in 0..<count { sum &+= Int32(query[permuted(i)]) &* Int32(row[i]) }
        return sum
    }

    @inline(__always)
    static func dotSIMD(_ query: UnsafePointer<Int16>, _ row: UnsafePointer<Int8>, _ count: Int) -> Int32 {
        let rowBytes = UnsafeRawPointer(row)
        let queryBytes = UnsafeRawPointer(query)
        var sum = SIMD4<Int32>.zero
        var i = 0
        while i < count {
            let w = rowBytes.loadUnaligned(fromByteOffset: i, as: SIMD8<Int16>.self)
            let even = queryBytes.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<Int16>.self)
            let odd = queryBytes.loadUnaligned(fromByteOffset: 2 * i + 16, as: SIMD8<Int16>.self)
            sum &+= multiplyAdd(even, (w &<< 8) &>> 8) &+ multiplyAdd(odd, w &>> 8)
            i += 16
        }
        return sum.wrappedSum()
    }

    /// Products of 16-bit lanes, summed in adjacent pairs: the pattern LLVM emits as `pmaddwd`.
    @inline(__always)
    static func multiplyAdd(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD4<Int32> {
        let products = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b)
        return products.evenHalf &+ products.oddHalf
    }
}
