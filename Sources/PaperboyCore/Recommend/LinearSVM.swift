/// A linear support vector machine with squared hinge loss and L2 regularisation, trained by
/// dual coordinate descent with shrinking (Hsieh et al. 2008), as liblinear does for
/// scikit-learn's `LinearSVC` (its default `loss='squared_hinge', dual=True`, with the
/// intercept a regularised feature of value 1). `class_weight='balanced'` scales each class's
/// C by n / (2 · its size). The `svm_tfidf` reference of `paperboy eval recs`
/// (arxiv-sanity-lite: C = 0.01, tol 1e-6, at most 10,000 passes).
public struct LinearSVM: Sendable {
    public var weights: [Double]
    public var bias: Double
    /// Passes over the data that training took.
    public var iterations: Int

    public struct Settings: Sendable {
        public var c = 0.01
        public var tolerance = 1e-6
        public var maxIterations = 10_000
        public var balanced = true
        public var seed: UInt64 = 1
        public init() {}
    }

    /// Trains on the rows `samples` of `rows`, `positive[k]` being sample k's class.
    public static func train(_ rows: some LinearFeatures, samples: [Int], positive: [Bool], settings: Settings = Settings()) -> LinearSVM {
        precondition(samples.count == positive.count)
        let l = samples.count
        let positives = positive.filter { $0 }.count
        var cPositive = settings.c, cNegative = settings.c
        if settings.balanced, positives > 0, positives < l {
            cPositive *= Double(l) / (2 * Double(positives))
            cNegative *= Double(l) / (2 * Double(l - positives))
        }
        // Squared hinge: no upper bound on alpha; the loss shows as a diagonal term 1 / (2C).
        let diagonal = positive.map { 0.5 / ($0 ? cPositive : cNegative) }
        let y = positive.map { $0 ? 1.0 : -1.0 }
        let qd = (0..<l).map { diagonal[$0] + rows.squaredNorm(samples[$0]) + 1 }
        var alpha = [Double](repeating: 0, count: l)
        var w = [Float](repeating: 0, count: rows.width)
        var b = 0.0
        var index = Array(0..<l)
        var activeSize = l
        // Liblinear also keeps the lowest projected gradient for samples at the upper bound;
        // squared hinge has none.
        var pgMaxOld = Double.infinity
        var random = SplitMix64(seed: settings.seed)
        var iteration = 0
        w.withUnsafeMutableBufferPointer { w in
            while iteration < settings.maxIterations {
                var pgMaxNew = -Double.infinity, pgMinNew = Double.infinity
                for s in 0..<activeSize { index.swapAt(s, s + Int(random.next() % UInt64(activeSize - s))) }
                var s = 0
                while s < activeSize {
                    let i = index[s]
                    let g = y[i] * (rows.dot(samples[i], w) + b) - 1 + alpha[i] * diagonal[i]
                    var pg = 0.0
                    if alpha[i] == 0 {
                        if g > pgMaxOld {
                            // Shrink: at its bound and likely to stay there.
                            activeSize -= 1
                            index.swapAt(s, activeSize)
                            continue
                        }
                        if g < 0 { pg = g }
                    } else {
                        pg = g
                    }
                    pgMaxNew = max(pgMaxNew, pg)
                    pgMinNew = min(pgMinNew, pg)
                    if abs(pg) > 1e-12 {
                        let old = alpha[i]
                        alpha[i] = max(old - g / qd[i], 0)
                        let d = (alpha[i] - old) * y[i]
                        rows.add(samples[i], scaledBy: d, to: w)
                        b += d
                    }
                    s += 1
                }
                iteration += 1
                if pgMaxNew - pgMinNew <= settings.tolerance {
                    if activeSize == l { break }
                    // Converged on the shrunk set: check every sample once more.
                    activeSize = l
                    pgMaxOld = .infinity
                    continue
                }
                pgMaxOld = pgMaxNew <= 0 ? .infinity : pgMaxNew
            }
        }
        return LinearSVM(weights: w.map(Double.init), bias: b, iterations: iteration)
    }

    /// The decision value of each of `rows`' rows in `indexes`, into `scores` at the same indexes.
    public func score(_ rows: some LinearFeatures, _ indexes: [Int], into scores: inout [Float]) {
        var w = weights.map(Float.init)
        w.withUnsafeMutableBufferPointer { w in
            for row in indexes { scores[row] = Float(rows.dot(row, w) + bias) }
        }
    }
}
