import Foundation
import PaperboyCore
@testable import PaperboyEmbed
import PaperboyTestSupport
import Testing

/// The Swift encoder against the reference embeddings of all-MiniLM-L6-v2 (25 texts:
/// 20 abstracts and 5 queries, in PaperboyCoreTests/Fixtures/minilm).
@Suite struct MiniLMTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Where the model installed by scripts/install-model.sh is (or PAPERBOY_TEST_MODEL_DIR).
    static let modelPath = ProcessInfo.processInfo.environment["PAPERBOY_TEST_MODEL_DIR"]
        ?? repository.appendingPathComponent("models/all-MiniLM-L6-v2").path

    /// The model's directory, or nil (an issue when the tools are required).
    static var modelDirectory: String? {
        let dir = modelPath
        if FileManager.default.fileExists(atPath: dir + "/model.safetensors") { return dir }
        if ProcessInfo.processInfo.environment["PAPERBOY_TEST_REQUIRE_TOOLS"] == "1" {
            Issue.record("the model is not installed (scripts/install-model.sh)")
        }
        return nil
    }

    static func references() throws -> [(text: String, ids: [Int32], embedding: [Float])] {
        let url = URL(fileURLWithPath: TestFixtures.core("minilm/reference_embeddings.json"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        return (json["items"] as? [[String: Any]] ?? []).map { item in
            (item["text"] as? String ?? "", (item["token_ids"] as? [Int] ?? []).map(Int32.init),
             (item["embedding"] as? [Double] ?? []).map(Float.init))
        }
    }

    @Test(.enabled(if: TestTools.model(at: MiniLMTests.modelPath))) func embeddingsMatchTheReference() throws {
        guard let dir = Self.modelDirectory else { return }
        let model = try MiniLM(weights: dir + "/model.safetensors")
        let tokenizer = try WordPieceTokenizer(vocabularyFile: dir + "/vocab.txt")
        let references = try Self.references()
        #expect(references.count == 25)
        for reference in references {
            let ids = tokenizer.encode(reference.text)
            #expect(ids == reference.ids)
            let embedding = model.embed(ids)
            #expect(embedding.count == 384)
            let cosine = zip(embedding, reference.embedding).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            let maxDifference = zip(embedding, reference.embedding).map { abs($0 - $1) }.max() ?? 1
            #expect(cosine >= 0.9999, "\(reference.text.prefix(40)): cosine \(cosine)")
            #expect(maxDifference <= 1e-4, "\(reference.text.prefix(40)): max |diff| \(maxDifference)")
        }
    }

    /// Batches stack sequences of different lengths into one matrix; every sequence's
    /// vector must come out as if embedded alone, and the embedder's lanes keep the order.
    @Test(.enabled(if: TestTools.model(at: MiniLMTests.modelPath))) func batchesAndLanesGiveTheReferenceVectorsInOrder() async throws {
        guard let dir = Self.modelDirectory else { return }
        let references = try Self.references()
        let embedder = try SentenceEmbedder(directory: dir, lanes: 3)
        let vectors = await embedder.embed(references.map(\.text))
        #expect(vectors.count == references.count)
        for (vector, reference) in zip(vectors, references) {
            let cosine = zip(vector, reference.embedding).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            let maxDifference = zip(vector, reference.embedding).map { abs($0 - $1) }.max() ?? 1
            #expect(cosine >= 0.9999 && maxDifference <= 1e-4, "\(reference.text.prefix(40)): cosine \(cosine)")
        }
    }

    @Test func theVectorFunctionsMatchLibm() {
        for x in stride(from: Float(-90), through: 90, by: 0.37) {
            let expected = Foundation.exp(Double(x))
            if x > -87 && x < 88 { #expect(abs(Double(VectorMath.exp(x)) - expected) <= 3e-7 * expected, "exp(\(x))") }
            // 1.5e-7 from the approximation, plus float rounding.
            #expect(abs(VectorMath.erf(x / 10) - erff(x / 10)) <= 3e-7, "erf(\(x / 10))")
        }
    }

    @Test func aDamagedModelFileIsAClearError() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("model.safetensors", "not a model")
        #expect(throws: SafeTensors.Invalid.self) { try MiniLM(weights: path) }
        #expect(throws: SafeTensors.Invalid.self) { try MiniLM(weights: dir.path("missing.safetensors")) }
    }
}
