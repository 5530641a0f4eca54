/// The element-wise functions of the encoder, written as branch-free scalar loops over raw
/// pointers, with no calls and no checked conversions, so that the compiler turns each loop
/// into vector instructions. The exponential of softmax and the erf of GELU, called one float
/// at a time from libm, had been about a third of the encoder's time; Swift's SIMD16 type
/// compiled to lane-by-lane loops here and was slower still.
enum VectorMath {
    /// eˣ, within 2 ulp: 2ⁿ · e^r with n = round(x / ln 2) and a degree-6 polynomial for
    /// e^r on |r| ≤ ln 2 / 2 (Cephes' expf). Clamped to float's range.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let clamped = x < -87.3 ? -87.3 : (x > 88.3 ? 88.3 : x)
        // Adding 1.5·2²³ rounds to an integer, which then sits in the low bits of the sum's
        // representation: n as a float and as an integer, with no conversion.
        let shifted = clamped * 1.44269504088896341 + 12_582_912
        let n = shifted - 12_582_912
        // ln 2 in two parts, so r keeps its low bits.
        let r = clamped - n * 0.693359375 - n * -2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let y = p * (r * r) + r + 1
        return y * Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
    }

    /// erf(x) within 1.5e-7 (Abramowitz and Stegun 7.1.26; 2.5e-7 in float), odd: computed on |x|, the sign
    /// bit put back.
    @inline(__always)
    static func erf(_ x: Float) -> Float {
        let sign = x.bitPattern & 0x8000_0000
        let a = Float(bitPattern: x.bitPattern & 0x7FFF_FFFF)
        let t = 1 / (1 + 0.3275911 * a)
        var p: Float = 1.061405429
        p = p * t - 1.453152027
        p = p * t + 1.421413741
        p = p * t - 0.284496736
        p = p * t + 0.254829592
        let y = 1 - p * t * exp(-(a * a))
        return Float(bitPattern: y.bitPattern | sign)
    }

    /// GELU with erf, as BERT defines it: x/2 · (1 + erf(x/√2)), in place.
    static func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count {
            let x = values[i]
            values[i] = 0.5 * x * (1 + erf(x * 0.70710678118654752))
        }
    }

    /// The sum of `count` floats, in eight running sums (one chain of additions would wait on
    /// each addition's latency).
    @inline(__always)
    static func sum(_ values: UnsafePointer<Float>, count: Int) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0, s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
        var i = 0
        while i + 8 <= count {
            s0 += values[i]; s1 += values[i + 1]; s2 += values[i + 2]; s3 += values[i + 3]
            s4 += values[i + 4]; s5 += values[i + 5]; s6 += values[i + 6]; s7 += values[i + 7]
            i += 8
        }
        var total = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
        while i < count {
            total += values[i]
            i += 1
        }
        return total
    }

    /// Each row of a rows × columns matrix made a probability distribution, in place.
    static func softmaxRows(_ s: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for row in 0..<rows {
            let r = s + row * columns
            var peak = -Float.infinity
            for j in 0..<columns { peak = r[j] > peak ? r[j] : peak }
            for j in 0..<columns { r[j] = exp(r[j] - peak) }
            let inverse = 1 / sum(r, count: columns)
            for j in 0..<columns { r[j] *= inverse }
        }
    }

    /// LayerNorm of each row of x (rows × gamma.count), in place.
    static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, gamma: UnsafeBufferPointer<Float>, beta: UnsafeBufferPointer<Float>) {
        let h = gamma.count
        let g = gamma.baseAddress!, b = beta.baseAddress!
        let deviations = UnsafeMutablePointer<Float>.allocate(capacity: h)
        defer { deviations.deallocate() }
        for row in 0..<rows {
            let r = x + row * h
            let mean = sum(r, count: h) / Float(h)
            for j in 0..<h { deviations[j] = (r[j] - mean) * (r[j] - mean) }
            let inverse = 1 / (sum(deviations, count: h) / Float(h) + 1e-12).squareRoot()
            for j in 0..<h { r[j] = (r[j] - mean) * inverse * g[j] + b[j] }
        }
    }
}
