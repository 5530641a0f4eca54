/// Rows of equal-length dense vectors in one array (paper embeddings, row i at
/// `values[i * width ..< (i + 1) * width]`).
public struct DenseRows: Sendable {
    public let width: Int
    public private(set) var values: [Float]

    public init(width: Int, values: [Float] = []) {
        precondition(width > 0 && values.count % width == 0)
        self.width = width
        self.values = values
    }

    public var count: Int { values.count / width }

    public mutating func append(_ row: [Float]) {
        precondition(row.count == width)
        values.append(contentsOf: row)
    }

    /// The dot product of row `row` with `vector` (`width` values).
    @inlinable
    public func dot(_ row: Int, _ vector: UnsafeBufferPointer<Float>) -> Float {
        values.withUnsafeBufferPointer { values in
            var sum: Float = 0
            let base = row * width
            for k in 0..<width { sum += values[base + k] * vector[k] }
            return sum
        }
    }

    /// The dot product of every row in `rows` with `vector`, into `scores` at the same indexes.
    public func dots(_ rows: [Int], _ vector: [Float], into scores: inout [Float]) {
        precondition(vector.count == width)
        vector.withUnsafeBufferPointer { vector in
            values.withUnsafeBufferPointer { values in
                for row in rows {
                    let base = row * width
                    var sum: Float = 0
                    for k in 0..<width { sum += values[base + k] * vector[k] }
                    scores[row] = sum
                }
            }
        }
    }
}
