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

    /// Every text's vector, in order. The texts are dealt to one lane per core with about
    /// the same number of tokens each; a lane embeds its texts in batches of about
    /// `batchTokens` tokens (see `MiniLM.embed(batch:)`). The lanes run on Dispatch's
    /// threads, not Swift concurrency's: a second of matrix products on the cooperative
    /// threads (one per core) would stall every request of a server meanwhile.
    public func embed(_ texts: [String]) async -> [[Float]] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(returning: self.embedNow(texts))
            }
        }
    }

    /// `embed(_:)` on the calling thread (and the lanes').
    private func embedNow(_ texts: [String]) -> [[Float]] {
        let sequences = texts.map(tokenizer.encode)
        var dealt = [[Int]](repeating: [], count: self.lanes), load = [Int](repeating: 0, count: self.lanes)
        for index in sequences.indices.sorted(by: { sequences[$0].count > sequences[$1].count }) {
            let lightest = load.indices.min { load[$0] < load[$1] }!
            dealt[lightest].append(index)
            load[lightest] += sequences[index].count
        }
        let lanes = dealt
        let results = LaneResults(count: texts.count)
        DispatchQueue.concurrentPerform(iterations: lanes.count) { lane in
            var batch: [Int] = [], tokens = 0
            func flush() {
                results.store(model.embed(batch: batch.map { sequences[$0] }), at: batch)
                batch.removeAll()
                tokens = 0
            }
            for index in lanes[lane] {
                batch.append(index)
                tokens += sequences[index].count
                if tokens >= SentenceEmbedder.batchTokens { flush() }
            }
            if !batch.isEmpty { flush() }
        }
        return results.vectors
    }

    /// The vectors the lanes finish, by text index.
    private final class LaneResults: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var vectors: [[Float]]

        init(count: Int) { vectors = Array(repeating: [], count: count) }

        func store(_ batch: [[Float]], at indices: [Int]) {
            lock.withLock { for (index, vector) in zip(indices, batch) { vectors[index] = vector } }
        }
    }

    /// Embeds and stores up to `limit` of the papers that have no embedding yet (newest
    /// first), in one transaction; returns what it stored (nothing when all are done).
    public func embedPending(in store: any EmbeddingStore, limit: Int) async throws -> [(id: PaperID, vector: [Float])] {
        let papers = try await store.papersNeedingEmbedding(model: Self.modelName, limit: limit)
        guard !papers.isEmpty else { return [] }
        let entries = Array(zip(papers.map(\.id), await embed(papers.map(Self.text(of:)))))
        try await store.saveEmbeddings(entries, model: Self.modelName)
        return entries
    }

    /// Tokens per batch: large enough for efficient matrix products, small enough that a
    /// batch's buffers (about 10 KB a token) stay in the tens of megabytes.
    static let batchTokens = 2_048
}
