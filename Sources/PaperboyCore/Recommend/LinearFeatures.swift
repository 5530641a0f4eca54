/// Rows of features a linear model reads: word features, embeddings, or both side by side.
/// The trainers need only these three operations, so one trainer serves every kind of row.
public protocol LinearFeatures: Sendable {
    /// The number of weights a model over these rows has (the intercept aside).
    var width: Int { get }
    var count: Int { get }
    func dot(_ row: Int, _ weights: UnsafeMutableBufferPointer<Float>) -> Double
    /// weights += scale · row
    func add(_ row: Int, scaledBy scale: Double, to weights: UnsafeMutableBufferPointer<Float>)
    func squaredNorm(_ row: Int) -> Double
}

extension SparseRows: LinearFeatures {
    public func dot(_ row: Int, _ weights: UnsafeMutableBufferPointer<Float>) -> Double {
        columns.withUnsafeBufferPointer { columns in
            values.withUnsafeBufferPointer { values in
                var sum: Float = 0
                for k in starts[row]..<starts[row + 1] { sum += values[k] * weights[Int(columns[k])] }
                return Double(sum)
            }
        }
    }

    public func add(_ row: Int, scaledBy scale: Double, to weights: UnsafeMutableBufferPointer<Float>) {
        columns.withUnsafeBufferPointer { columns in
            values.withUnsafeBufferPointer { values in
                let scale = Float(scale)
                for k in starts[row]..<starts[row + 1] { weights[Int(columns[k])] += scale * values[k] }
            }
        }
    }

    public func squaredNorm(_ row: Int) -> Double {
        var sum = 0.0
        for k in range(of: row) { sum += Double(values[k]) * Double(values[k]) }
        return sum
    }
}

extension DenseRows: LinearFeatures {
    // Eight lanes at a time: a 384-wide embedding is most of a reader model's arithmetic.
    // Weights are Float, as the features are: half the memory to walk, twice the lanes.
    public func dot(_ row: Int, _ weights: UnsafeMutableBufferPointer<Float>) -> Double {
        values.withUnsafeBufferPointer { values in
            let base = row * width
            var sum = SIMD8<Float>()
            var k = 0
            while k + 8 <= width {
                let v = UnsafeRawPointer(values.baseAddress! + base + k).loadUnaligned(as: SIMD8<Float>.self)
                sum += v * UnsafeRawPointer(weights.baseAddress! + k).loadUnaligned(as: SIMD8<Float>.self)
                k += 8
            }
            var total = sum.sum()
            while k < width {
                total += values[base + k] * weights[k]
                k += 1
            }
            return Double(total)
        }
    }

    public func add(_ row: Int, scaledBy scale: Double, to weights: UnsafeMutableBufferPointer<Float>) {
        values.withUnsafeBufferPointer { values in
            let base = row * width
            let scale = Float(scale)
            var k = 0
            while k + 8 <= width {
                let v = UnsafeRawPointer(values.baseAddress! + base + k).loadUnaligned(as: SIMD8<Float>.self)
                let pointer = UnsafeMutableRawPointer(weights.baseAddress! + k)
                pointer.storeBytes(of: pointer.loadUnaligned(as: SIMD8<Float>.self) + scale * v, as: SIMD8<Float>.self)
                k += 8
            }
            while k < width {
                weights[k] += scale * values[base + k]
                k += 1
            }
        }
    }

    public func squaredNorm(_ row: Int) -> Double {
        values.withUnsafeBufferPointer { values in
            var sum = 0.0
            let base = row * width
            for k in 0..<width { sum += Double(values[base + k]) * Double(values[base + k]) }
            return sum
        }
    }
}

/// Two kinds of rows side by side (a paper's words, then its embedding times `secondScale`):
/// weights 0..<first.width belong to the first, the rest to the second.
public struct JoinedFeatures<First: LinearFeatures, Second: LinearFeatures>: LinearFeatures {
    public let first: First
    public let second: Second
    public let secondScale: Double

    public init(_ first: First, _ second: Second, secondScale: Double) {
        precondition(first.count == second.count)
        self.first = first
        self.second = second
        self.secondScale = secondScale
    }

    public var width: Int { first.width + second.width }
    public var count: Int { first.count }

    public func dot(_ row: Int, _ weights: UnsafeMutableBufferPointer<Float>) -> Double {
        let split = first.width
        let tail = UnsafeMutableBufferPointer(rebasing: weights[split...])
        return first.dot(row, weights) + secondScale * second.dot(row, tail)
    }

    public func add(_ row: Int, scaledBy scale: Double, to weights: UnsafeMutableBufferPointer<Float>) {
        first.add(row, scaledBy: scale, to: weights)
        second.add(row, scaledBy: scale * secondScale, to: UnsafeMutableBufferPointer(rebasing: weights[first.width...]))
    }

    public func squaredNorm(_ row: Int) -> Double {
        first.squaredNorm(row) + secondScale * secondScale * second.squaredNorm(row)
    }
}
