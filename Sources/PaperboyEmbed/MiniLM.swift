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
        /// The query, key and value projections stacked ([3·384, 384] and [3·384]), so that
        /// one matrix product computes all three.
        let queryKeyValue, queryKeyValueBias: UnsafeBufferPointer<Float>
        let attentionOut, attentionOutBias, attentionNorm, attentionNormBias: UnsafeBufferPointer<Float>
        let intermediate, intermediateBias, output, outputBias, outputNorm, outputNormBias: UnsafeBufferPointer<Float>
    }

    private let file: SafeTensors
    private let sgemm: BLAS.SGEMM
    let wordEmbeddings, positionEmbeddings, typeEmbeddings, embeddingNorm, embeddingNormBias: UnsafeBufferPointer<Float>
    let layers: [Layer]
    /// The stacked projections (`Layer.queryKeyValue`), copied out of the file.
    private let stacked: [UnsafeMutableBufferPointer<Float>]

    public init(weights path: String) throws {
        // The file first: a damaged or missing model is reported as such, with or without OpenBLAS.
        let file = try SafeTensors(path: path)
        sgemm = try BLAS.sgemm.get()
        self.file = file
        let h = Self.hidden
        func t(_ name: String, _ shape: [Int]) throws -> UnsafeBufferPointer<Float> { try file.tensor(name, shape: shape).values }
        wordEmbeddings = try t("embeddings.word_embeddings.weight", [Self.vocabularySize, h])
        positionEmbeddings = try t("embeddings.position_embeddings.weight", [Self.positions, h])
        typeEmbeddings = try t("embeddings.token_type_embeddings.weight", [2, h])
        embeddingNorm = try t("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try t("embeddings.LayerNorm.bias", [h])
        var stacked: [UnsafeMutableBufferPointer<Float>] = []
        func stack(_ parts: [UnsafeBufferPointer<Float>]) -> UnsafeBufferPointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: parts.map(\.count).reduce(0, +))
            var offset = 0
            for part in parts {
                _ = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + part.count)]).initialize(from: part)
                offset += part.count
            }
            stacked.append(buffer)
            return UnsafeBufferPointer(buffer)
        }
        layers = try (0..<Self.layers).map { i in
            let p = "encoder.layer.\(i)."
            let projections = ["query", "key", "value"].map { p + "attention.self." + $0 }
            return Layer(
                queryKeyValue: stack(try projections.map { try t($0 + ".weight", [h, h]) }),
                queryKeyValueBias: stack(try projections.map { try t($0 + ".bias", [h]) }),
                attentionOut: try t(p + "attention.output.dense.weight", [h, h]), attentionOutBias: try t(p + "attention.output.dense.bias", [h]),
                attentionNorm: try t(p + "attention.output.LayerNorm.weight", [h]),
                attentionNormBias: try t(p + "attention.output.LayerNorm.bias", [h]),
                intermediate: try t(p + "intermediate.dense.weight", [Self.ffn, h]), intermediateBias: try t(p + "intermediate.dense.bias", [Self.ffn]),
                output: try t(p + "output.dense.weight", [h, Self.ffn]), outputBias: try t(p + "output.dense.bias", [h]),
                outputNorm: try t(p + "output.LayerNorm.weight", [h]), outputNormBias: try t(p + "output.LayerNorm.bias", [h]))
        }
        self.stacked = stacked
    }

    deinit {
        for buffer in stacked { buffer.deallocate() }
    }

    /// The sentence embedding of one token sequence ([CLS] … [SEP], at most 512 ids).
    public func embed(_ ids: [Int32]) -> [Float] { embed(batch: [ids])[0] }

    /// The sentence embeddings of several sequences, computed together: their tokens are
    /// stacked into one matrix, so every projection is one large matrix product (which
    /// OpenBLAS runs closer to the CPU's peak than many small ones) and no token is padding;
    /// only attention looks at each sequence on its own.
    public func embed(batch sequences: [[Int32]]) -> [[Float]] {
        let h = Self.hidden, d = Self.headSize
        precondition(sequences.allSatisfy { !$0.isEmpty && $0.count <= Self.positions })
        var starts: [Int] = []
        var total = 0
        for sequence in sequences {
            starts.append(total)
            total += sequence.count
        }
        let longest = sequences.map(\.count).max() ?? 0
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: 0, count: max(count, 1))
            return pointer
        }
        // Each token's query, key and value side by side in one row of 3·384.
        let x = buffer(total * h), qkv = buffer(total * 3 * h), stride = 3 * h
        let context = buffer(total * h), projected = buffer(total * h), inner = buffer(total * Self.ffn)
        let scores = buffer(longest * longest)
        defer { for pointer in [x, qkv, context, projected, inner, scores] { pointer.deallocate() } }

        for (sequence, start) in zip(sequences, starts) {
            for (position, id) in sequence.enumerated() {
                let row = x + (start + position) * h
                let word = wordEmbeddings.baseAddress! + Int(id) * h, place = positionEmbeddings.baseAddress! + position * h
                let type = typeEmbeddings.baseAddress!
                for j in 0..<h { row[j] = word[j] + place[j] + type[j] }
            }
        }
        VectorMath.layerNorm(x, rows: total, gamma: embeddingNorm, beta: embeddingNormBias)
        let scale = 1 / Float(d).squareRoot()
        for layer in layers {
            linear(x, rows: total, inputs: h, weight: layer.queryKeyValue, bias: layer.queryKeyValueBias, outputs: stride, into: qkv)
            for (sequence, start) in zip(sequences, starts) {
                let n = Int32(sequence.count)
                for head in 0..<Self.heads {
                    let q = qkv + start * stride + head * d, k = q + h, v = q + 2 * h
                    sgemm(BLAS.rowMajor, BLAS.noTranspose, BLAS.transpose, n, n, Int32(d), scale,
                          q, Int32(stride), k, Int32(stride), 0, scores, n)
                    VectorMath.softmaxRows(scores, rows: Int(n), columns: Int(n))
                    sgemm(BLAS.rowMajor, BLAS.noTranspose, BLAS.noTranspose, n, Int32(d), n, 1,
                          scores, n, v, Int32(stride), 0, context + start * h + head * d, Int32(h))
                }
            }
            linear(context, rows: total, inputs: h, weight: layer.attentionOut, bias: layer.attentionOutBias, outputs: h, into: projected)
            for i in 0..<(total * h) { x[i] += projected[i] }
            VectorMath.layerNorm(x, rows: total, gamma: layer.attentionNorm, beta: layer.attentionNormBias)
            linear(x, rows: total, inputs: h, weight: layer.intermediate, bias: layer.intermediateBias, outputs: Self.ffn, into: inner)
            VectorMath.gelu(inner, count: total * Self.ffn)
            linear(inner, rows: total, inputs: Self.ffn, weight: layer.output, bias: layer.outputBias, outputs: h, into: projected)
            for i in 0..<(total * h) { x[i] += projected[i] }
            VectorMath.layerNorm(x, rows: total, gamma: layer.outputNorm, beta: layer.outputNormBias)
        }
        return zip(sequences, starts).map { sequence, start in
            var pooled = [Float](repeating: 0, count: h)
            for row in start..<(start + sequence.count) { for j in 0..<h { pooled[j] += x[row * h + j] } }
            var norm: Float = 0
            for j in 0..<h {
                pooled[j] /= Float(sequence.count)
                norm += pooled[j] * pooled[j]
            }
            let inverse = 1 / max(norm.squareRoot(), 1e-12)
            return pooled.map { $0 * inverse }
        }
    }

    /// y[rows, outputs] = x[rows, inputs] · Wᵀ + b, with W stored [outputs, inputs].
    func linear(_ x: UnsafeMutablePointer<Float>, rows: Int, inputs: Int, weight: UnsafeBufferPointer<Float>,
                bias: UnsafeBufferPointer<Float>, outputs: Int, into y: UnsafeMutablePointer<Float>) {
        for row in 0..<rows { (y + row * outputs).update(from: bias.baseAddress!, count: outputs) }
        sgemm(BLAS.rowMajor, BLAS.noTranspose, BLAS.transpose, Int32(rows), Int32(outputs), Int32(inputs), 1,
              x, Int32(inputs), weight.baseAddress!, Int32(inputs), 1, y, Int32(outputs))
    }
}
