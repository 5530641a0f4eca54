import Foundation
import PaperboyCore

/// all-MiniLM-L6-v2 from its directory (model.safetensors, vocab.txt): texts in, unit
/// vectors of 384 floats out, one text per core at a time.
public final class SentenceEmbedder: Sendable {
    /// The name stored with each embedding, so a different model's vectors are never mixed.
    public static let modelName = "all-MiniLM-L6-v2"

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    let model: MiniLM
    let tokenizer: WordPieceTokenizer
    let lanes: Int

    public init(directory: String, lanes: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        let weights = directory + "/model.safetensors", vocabulary = directory + "/vocab.txt"
        guard FileManager.default.fileExists(atPath: weights), FileManager.default.fileExists(atPath: vocabulary) else {
            throw Missing(description: "the model is not installed in \(directory) (install it with scripts/install-model.sh \(directory))")
        }
        model = try MiniLM(weights: weights)
        tokenizer = try WordPieceTokenizer(vocabularyFile: vocabulary)
        self.lanes = max(1, lanes)
    }

    /// What a paper is embedded from: its title and abstract.
    public static func text(of paper: Paper) -> String {
        paper.abstract.map { paper.title + ". " + $0 } ?? paper.title
    }

    public func embed(_ text: String) -> [Float] { model.embed(tokenizer.encode(text)) }

    /// Every text's vector, in order; texts of similar length share a lane's turn.
    public func embed(_ texts: [String]) async -> [[Float]] {
        let sequences = texts.map(tokenizer.encode)
        return await withTaskGroup(of: [(Int, [Float])].self) { group in
            for lane in 0..<lanes {
                group.addTask { [model] in
                    stride(from: lane, to: sequences.count, by: self.lanes).map { ($0, model.embed(sequences[$0])) }
                }
            }
            var vectors = [[Float]](repeating: [], count: texts.count)
            for await results in group { for (index, vector) in results { vectors[index] = vector } }
            return vectors
        }
    }
}
