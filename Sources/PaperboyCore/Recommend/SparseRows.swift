/// Rows of sparse feature vectors with non-negative values (tf-idf), compressed: row `i`'s
/// entries are `starts[i]..<starts[i + 1]`, each a column gap and a value code.
///
/// A server keeps a row for every paper (93k papers: 12.4M entries), so an entry is 4 bytes,
/// not 8 (an Int32 column and a Float): its column as the gap from the previous column of
/// the row (`UInt16`; a gap of 65,535 or more goes as filler entries of 65,535 with value 0),
/// and its value as a `UInt16` code times the row's scale (the row's largest value / 65,535,
/// so every value is within 0.0008% of the row's largest: scikit-learn's figures to 1e-5).
/// A filler adds nothing to a dot product and leaves weights as they are, so the loops that
/// read rows need no branch for it.
public struct SparseRows: Sendable {
    private(set) var starts: [Int] = [0]
    private(set) var gaps: [UInt16] = []
    private(set) var codes: [UInt16] = []
    private(set) var scales: [Float] = []
    /// The number of columns (features).
    public let width: Int

    public init(width: Int) { self.width = width }

    public var count: Int { starts.count - 1 }

    /// Appends a row; `entries` need not be sorted, each column at most once, values at least 0.
    public mutating func append(_ entries: some Sequence<(column: Int32, value: Float)>) {
        let sorted = entries.sorted { $0.column < $1.column }
        let largest = sorted.reduce(Float(0)) { max($0, $1.value) }
        let scale = largest > 0 && largest.isFinite ? largest / Float(UInt16.max) : 0
        var previous = 0
        for (index, (column, value)) in sorted.enumerated() {
            precondition(column >= 0 && Int(column) < width, "column \(column) outside 0..<\(width)")
            precondition(value >= 0, "value \(value) below 0")
            precondition(index == 0 || Int(column) > previous, "column \(column) twice")
            var gap = Int(column) - previous
            while gap >= Int(UInt16.max) {
                gaps.append(.max)
                codes.append(0)
                gap -= Int(UInt16.max)
            }
            gaps.append(UInt16(gap))
            codes.append(scale > 0 ? UInt16(min(Float(UInt16.max), (value / scale).rounded())) : 0)
            previous = Int(column)
        }
        scales.append(scale)
        starts.append(gaps.count)
    }

    /// Row `row`'s entries, ascending by column, without fillers.
    public func entries(of row: Int) -> [(column: Int32, value: Float)] {
        var result: [(column: Int32, value: Float)] = []
        var column = 0
        for k in starts[row]..<starts[row + 1] {
            column += Int(gaps[k])
            if gaps[k] != .max { result.append((Int32(column), Float(codes[k]) * scales[row])) }
        }
        return result
    }

    /// The same rows in arrays of exactly their size: rows appended one by one leave the
    /// arrays with up to twice the room they need.
    public func compacted() -> SparseRows {
        var copy = SparseRows(width: width)
        copy.starts = starts.exactlySized()
        copy.gaps = gaps.exactlySized()
        copy.codes = codes.exactlySized()
        copy.scales = scales.exactlySized()
        return copy
    }

    /// Σ value · weights[column] over row `row`.
    @inline(__always)
    func dot(_ row: Int, _ weights: UnsafePointer<Float>) -> Float {
        gaps.withUnsafeBufferPointer { gaps in
            codes.withUnsafeBufferPointer { codes in
                var sum: Float = 0, column = 0
                for k in starts[row]..<starts[row + 1] {
                    column &+= Int(gaps[k])
                    sum += Float(codes[k]) * weights[column]
                }
                return sum * scales[row]
            }
        }
    }

    /// weights[column] += scale · value over row `row`.
    @inline(__always)
    func add(_ row: Int, scaledBy scale: Float, to weights: UnsafeMutablePointer<Float>) {
        gaps.withUnsafeBufferPointer { gaps in
            codes.withUnsafeBufferPointer { codes in
                let scale = scale * scales[row]
                var column = 0
                for k in starts[row]..<starts[row + 1] {
                    column &+= Int(gaps[k])
                    weights[column] += scale * Float(codes[k])
                }
            }
        }
    }

    /// Σ value² over row `row`.
    public func squaredNorm(_ row: Int) -> Double {
        let scale = Double(scales[row])
        return codes[starts[row]..<starts[row + 1]].reduce(0.0) { $0 + Double($1) * Double($1) } * scale * scale
    }
}
