import Foundation
import PaperboyCore
import PaperboySQLite
import Testing

/// `paperboy eval recs` on a made-up corpus: three authors with a topic each among papers on
/// other topics, every paper embedded.
@Suite struct EvalRecsCommandTests {
    static let topics = [["graph", "neural", "molecule", "message", "passing", "chemistry"],
                         ["diffusion", "image", "denoising", "sampler", "guidance", "pixels"],
                         ["bandit", "regret", "policy", "reward", "exploration", "arms"],
                         ["quantum", "qubit", "circuit", "entanglement", "noise", "gates"],
                         ["protein", "folding", "structure", "residue", "sequence", "binding"]]

    func database(embedAll: Bool = true) async throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory()
        let path = dir.path("papers.sqlite")
        let store = try SQLitePaperStore(path: path)
        var random = SeededRandom(seed: 5)
        let filler = ["method", "results", "approach", "show", "paper", "data", "model", "study", "propose", "performance",
                      "analysis", "framework", "experiments", "novel", "task"]
        var papers: [Paper] = []
        var vectors: [(id: PaperID, vector: [Float])] = []
        for n in 0..<400 {
            let topic = n % 5
            // Authors 0-2 write 15 papers each on topics 0-2; the rest are by many others.
            let authors = n < 75 && topic < 3 ? ["Author \(topic)", "Coauthor \(n)"] : ["Someone \(n)"]
            let words = (0..<40).map { _ in Bool.random(using: &random) ? Self.topics[topic].randomElement(using: &random)! : filler.randomElement(using: &random)! }
            let id = PaperID.parse(String(format: "2401.%05d", n + 1))!.0
            let day = Day(year: 2024, month: 1 + n / 40, day: 1 + n % 28)!
            papers.append(Paper(id: id, title: words.prefix(6).joined(separator: " "), abstract: words.joined(separator: " "),
                                authors: authors, published: day))
            var v = (0..<384).map { _ in Float.random(in: -0.05...0.05, using: &random) }
            v[topic] += 1
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            vectors.append((id, v.map { $0 / norm }))
        }
        _ = try await store.upsert(papers)
        try await store.saveEmbeddings(embedAll ? vectors : Array(vectors.dropLast()), model: "all-MiniLM-L6-v2")
        return (dir, path)
    }

    @Test func scoresPaperboyAndBothReferencesOnTheSameReaders() async throws {
        let (dir, db) = try await database()
        let result = try await CLI.run(["eval", "recs", "--db", db, "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(report.keys) == ["readers", "paperboy", "svm_tfidf", "decayed_cosine"])
        #expect(report["readers"] as? Int == 3)
        for method in ["paperboy", "svm_tfidf", "decayed_cosine"] {
            let figures = try #require(report[method] as? [String: Double])
            #expect(Set(figures.keys) == ["ndcg@50", "recall@50", "ms_per_reader"])
            #expect((0...1).contains(figures["ndcg@50"]!) && (0...1).contains(figures["recall@50"]!))
            #expect(figures["ms_per_reader"]! > 0)
        }
        // Each author keeps to one topic, which words and embeddings both show: every method
        // finds most targets among the 50 it ranks first.
        let paperboy = try #require(report["paperboy"] as? [String: Double])
        #expect(paperboy["recall@50"]! > 0.5, "\(report)")

        // --users takes the readers named in a file, in its order; unknown names are left out.
        try Data("Author 2\nNobody\n\nAuthor 0\n".utf8).write(to: URL(fileURLWithPath: dir.path("users.txt")))
        let named = try await CLI.run(["eval", "recs", "--db", db, "--users", dir.path("users.txt"), "--methods", "decayed_cosine"], in: dir)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.hasPrefix("2 readers, 400 papers"), "\(named.stdout)")
        #expect(!named.stdout.contains("svm_tfidf"))

        // --show prints a reader's first recommendations with their reasons: a saved paper it
        // is like, and words of the reader's topic.
        let shown = try await CLI.run(["eval", "recs", "--db", db, "--readers", "1", "--show", "1", "--methods", "paperboy"], in: dir)
        #expect(shown.status == 0, "\(shown.stderr)")
        let reasons = shown.stdout.split(separator: "\n").filter { $0.contains("      like ") }
        #expect(reasons.count == 5, "\(shown.stdout)")
        let topicWords = Set(Self.topics.joined())
        #expect(reasons.allSatisfy { line in
            line.components(separatedBy: "words: ").last!.split(whereSeparator: { $0 == "," || $0 == " " }).contains { topicWords.contains(String($0)) }
        }, "\(shown.stdout)")
    }

    @Test func refusesPapersWithoutEmbeddingsAndUnknownMethods() async throws {
        let (dir, db) = try await database(embedAll: false)
        let result = try await CLI.run(["eval", "recs", "--db", db], in: dir)
        #expect(result.status != 0)
        #expect(result.stderr.contains("1 of 400 papers have no embedding"), "\(result.stderr)")
        let unknown = try await CLI.run(["eval", "recs", "--db", db, "--methods", "paperboy,magic"], in: dir)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown magic"), "\(unknown.stderr)")
        let missing = try await CLI.run(["eval", "recs", "--db", db, "--users", dir.path("no-such-file")], in: dir)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read --users"), "\(missing.stderr)")
    }
}
