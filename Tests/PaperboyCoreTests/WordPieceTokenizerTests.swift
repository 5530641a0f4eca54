import Foundation
@testable import PaperboyCore
import Testing

/// The tokenizer against the reference token ids of all-MiniLM-L6-v2 (Fixtures/minilm:
/// the model's vocab.txt, sha256 07eced37…, and ../shared/data/minilm's reference files).
@Suite struct WordPieceTokenizerTests {
    static let tokenizer = try! WordPieceTokenizer(vocabularyFile: Fixtures.path("minilm/vocab.txt"))

    static func json(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("minilm/\(name)")))) as? [String: Any] ?? [:]
    }

    @Test func everyEdgeCaseMatchesTheReference() throws {
        let cases = try #require(try Self.json("tokenizer_cases.json")["cases"] as? [[String: Any]])
        #expect(cases.count == 13)
        for item in cases {
            let text = try #require(item["text"] as? String)
            let expected = try #require(item["token_ids"] as? [Int]).map(Int32.init)
            #expect(Self.tokenizer.encode(text) == expected, "\(text.prefix(60))")
        }
    }

    @Test func everyReferenceTextMatches() throws {
        let items = try #require(try Self.json("reference_embeddings.json")["items"] as? [[String: Any]])
        #expect(items.count == 25)
        for item in items {
            let text = try #require(item["text"] as? String)
            let expected = try #require(item["token_ids"] as? [Int]).map(Int32.init)
            #expect(Self.tokenizer.encode(text) == expected, "\(text.prefix(60))")
        }
    }

    @Test func aMissingOrForeignVocabularyIsAClearError() throws {
        #expect(throws: WordPieceTokenizer.MissingVocabulary.self) { try WordPieceTokenizer(vocabularyFile: "/nonexistent/vocab.txt") }
        let dir = try TemporaryDirectory()
        let path = try dir.write("vocab.txt", "a\nb\nc\n")
        #expect(throws: WordPieceTokenizer.MissingVocabulary.self) { try WordPieceTokenizer(vocabularyFile: path) }
    }
}
