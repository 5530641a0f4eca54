import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// all-MiniLM-L6-v2's BERT encoder (6 layers, hidden 384, 12 heads, FFN 1536), reading its
/// weights straight from the memory-mapped safetensors file, with OpenBLAS (`BLAS`) for the
/// matrix products; and the sentence embedding on top: mean of the token vectors, L2-normalised.
public final class MiniLM: @unchecked Sendable {
    public static let hidden = 384, heads = 12, headSize = 32, ffn = 1_536, layers = 6, vocabularySize = 30_522, positions = 512

    struct Layer {
        let query, queryBias, key, keyBias, value, valueBias: UnsafeBufferPointer<Float>
        let attentionOut, attentionOutBias, attentionNorm, attentionNormBias: UnsafeBufferPointer<Float>
        let intermediate, intermediateBias, output, outputBias, outputNorm, outputNormBias: UnsafeBufferPointer<Float>
    }

    private let file: SafeTensors
    private let sgemm: BLAS.SGEMM
    let wordEmbeddings, positionEmbeddings, typeEmbeddings, embeddingNorm, embeddingNormBias: UnsafeBufferPointer<Float>
    let layers: [Layer]

    public init(weights path: String) throws {
        sgemm = try BLAS.sgemm.get()
        let file = try SafeTensors(path: path)
        self.file = file
        let h = Self.hidden
        func t(_ name: String, _ shape: [Int]) throws -> UnsafeBufferPointer<Float> { try file.tensor(name, shape: shape).values }
        wordEmbeddings = try t("embeddings.word_embeddings.weight", [Self.vocabularySize, h])
        positionEmbeddings = try t("embeddings.position_embeddings.weight", [Self.positions, h])
        typeEmbeddings = try t("embeddings.token_type_embeddings.weight", [2, h])
        embeddingNorm = try t("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try t("embeddings.LayerNorm.bias", [h])
        layers = try (0..<Self.layers).map { i in
            let p = "encoder.layer.\(i)."
            return Layer(
                query: try t(p + "attention.self.query.weight", [h, h]), queryBias: try t(p + "attention.self.query.bias", [h]),
                key: try t(p + "attention.self.key.weight", [h, h]), keyBias: try t(p + "attention.self.key.bias", [h]),
                value: try t(p + "attention.self.value.weight", [h, h]), valueBias: try t(p + "attention.self.value.bias", [h]),
                attentionOut: try t(p + "attention.output.dense.weight", [h, h]), attentionOutBias: try t(p + "attention.output.dense.bias", [h]),
                attentionNorm: try t(p + "attention.output.LayerNorm.weight", [h]),
                attentionNormBias: try t(p + "attention.output.LayerNorm.bias", [h]),
                intermediate: try t(p + "intermediate.dense.weight", [Self.ffn, h]), intermediateBias: try t(p + "intermediate.dense.bias", [Self.ffn]),
                output: try t(p + "output.dense.weight", [h, Self.ffn]), outputBias: try t(p + "output.dense.bias", [h]),
                outputNorm: try t(p + "output.LayerNorm.weight", [h]), outputNormBias: try t(p + "output.LayerNorm.bias", [h]))
        }
    }

    /// The sentence embedding of one token sequence ([CLS] … [SEP], at most 512 ids).
    public func embed(_ ids: [Int32]) -> [Float] {
        let n = ids.count, h = Self.hidden
        precondition(n > 0 && n <= Self.positions)
        var x = [Float](repeating: 0, count: n * h)
        for (position, id) in ids.enumerated() {
            let word = Int(id) * h, row = position * h, pos = position * h
            for j in 0..<h { x[row + j] = wordEmbeddings[word + j] + positionEmbeddings[pos + j] + typeEmbeddings[j] }
        }
        Self.layerNorm(&x, rows: n, gamma: embeddingNorm, beta: embeddingNormBias)
        var q = [Float](repeating: 0, count: n * h), k = q, v = q, context = q, projected = q
        var scores = [Float](repeating: 0, count: n * n)
        var inner = [Float](repeating: 0, count: n * Self.ffn)
        let scale = 1 / Float(Self.headSize).squareRoot()
        for layer in layers {
            linear(x, rows: n, inputs: h, weight: layer.query, bias: layer.queryBias, outputs: h, into: &q)
            linear(x, rows: n, inputs: h, weight: layer.key, bias: layer.keyBias, outputs: h, into: &k)
            linear(x, rows: n, inputs: h, weight: layer.value, bias: layer.valueBias, outputs: h, into: &v)
            for head in 0..<Self.heads {
                let offset = head * Self.headSize
                q.withUnsafeBufferPointer { qp in
                    k.withUnsafeBufferPointer { kp in
                        scores.withUnsafeMutableBufferPointer { sp in
                            sgemm(BLAS.rowMajor, BLAS.noTranspose, BLAS.transpose, Int32(n), Int32(n), Int32(Self.headSize), scale,
                                        qp.baseAddress! + offset, Int32(h), kp.baseAddress! + offset, Int32(h), 0, sp.baseAddress!, Int32(n))
                        }
                    }
                }
                Self.softmaxRows(&scores, rows: n, columns: n)
                scores.withUnsafeBufferPointer { sp in
                    v.withUnsafeBufferPointer { vp in
                        context.withUnsafeMutableBufferPointer { cp in
                            sgemm(BLAS.rowMajor, BLAS.noTranspose, BLAS.noTranspose, Int32(n), Int32(Self.headSize), Int32(n), 1,
                                        sp.baseAddress!, Int32(n), vp.baseAddress! + offset, Int32(h), 0, cp.baseAddress! + offset, Int32(h))
                        }
                    }
                }
            }
            linear(context, rows: n, inputs: h, weight: layer.attentionOut, bias: layer.attentionOutBias, outputs: h, into: &projected)
            for i in 0..<(n * h) { x[i] += projected[i] }
            Self.layerNorm(&x, rows: n, gamma: layer.attentionNorm, beta: layer.attentionNormBias)
            linear(x, rows: n, inputs: h, weight: layer.intermediate, bias: layer.intermediateBias, outputs: Self.ffn, into: &inner)
            for i in 0..<inner.count {
                let value = inner[i]
                inner[i] = 0.5 * value * (1 + erff(value * 0.70710678118654752))
            }
            linear(inner, rows: n, inputs: Self.ffn, weight: layer.output, bias: layer.outputBias, outputs: h, into: &projected)
            for i in 0..<(n * h) { x[i] += projected[i] }
            Self.layerNorm(&x, rows: n, gamma: layer.outputNorm, beta: layer.outputNormBias)
        }
        var pooled = [Float](repeating: 0, count: h)
        for row in 0..<n { for j in 0..<h { pooled[j] += x[row * h + j] } }
        var norm: Float = 0
        for j in 0..<h {
            pooled[j] /= Float(n)
            norm += pooled[j] * pooled[j]
        }
        let inverse = 1 / max(norm.squareRoot(), 1e-12)
        return pooled.map { $0 * inverse }
    }

    /// y[rows, outputs] = x[rows, inputs] · Wᵀ + b, with W stored [outputs, inputs].
    func linear(_ x: [Float], rows: Int, inputs: Int, weight: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>,
                       outputs: Int, into y: inout [Float]) {
        y.withUnsafeMutableBufferPointer { yp in
            for row in 0..<rows {
                (yp.baseAddress! + row * outputs).update(from: bias.baseAddress!, count: outputs)
            }
            x.withUnsafeBufferPointer { xp in
                sgemm(BLAS.rowMajor, BLAS.noTranspose, BLAS.transpose, Int32(rows), Int32(outputs), Int32(inputs), 1,
                            xp.baseAddress!, Int32(inputs), weight.baseAddress!, Int32(inputs), 1, yp.baseAddress!, Int32(outputs))
            }
        }
    }

    static func layerNorm(_ x: inout [Float], rows: Int, gamma: UnsafeBufferPointer<Float>, beta: UnsafeBufferPointer<Float>) {
        let h = gamma.count
        for row in 0..<rows {
            let base = row * h
            var mean: Float = 0
            for j in 0..<h { mean += x[base + j] }
            mean /= Float(h)
            var variance: Float = 0
            for j in 0..<h {
                let d = x[base + j] - mean
                variance += d * d
            }
            let inverse = 1 / (variance / Float(h) + 1e-12).squareRoot()
            for j in 0..<h { x[base + j] = (x[base + j] - mean) * inverse * gamma[j] + beta[j] }
        }
    }

    static func softmaxRows(_ s: inout [Float], rows: Int, columns: Int) {
        for row in 0..<rows {
            let base = row * columns
            var peak = -Float.infinity
            for j in 0..<columns { peak = max(peak, s[base + j]) }
            var sum: Float = 0
            for j in 0..<columns {
                let e = expf(s[base + j] - peak)
                s[base + j] = e
                sum += e
            }
            let inverse = 1 / sum
            for j in 0..<columns { s[base + j] *= inverse }
        }
    }
}
