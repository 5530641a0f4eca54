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
        Double(dot(row, UnsafePointer(weights.baseAddress!)))
    }

    public func add(_ row: Int, scaledBy scale: Double, to weights: UnsafeMutableBufferPointer<Float>) {
        add(row, scaledBy: Float(scale), to: weights.baseAddress!)
    }
}

extension DenseRows: LinearFeatures {
    // Weights are Float, as the features are: half the memory to walk, twice the lanes.
    public func dot(_ row: Int, _ weights: UnsafeMutableBufferPointer<Float>) -> Double {
        Double(dot(row, UnsafeBufferPointer(weights)))
    }

    public func add(_ row: Int, scaledBy scale: Double, to weights: UnsafeMutableBufferPointer<Float>) {
        add(row, scaledBy: Float(scale), to: weights)
    }

    public func squaredNorm(_ row: Int) -> Double {
        let slot = slot(row)
        let scale = Double(scales[slot])
        return codes[slot * width..<(slot + 1) * width].reduce(0.0) { $0 + Double($1) * Double($1) } * scale * scale
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
