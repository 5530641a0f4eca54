import Foundation
import PaperboyCore
import Testing

@Suite struct SearchCommandTests {
    func database() async throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory()
        let db = dir.path("papers.sqlite")
        let files = ["papers-sample.jsonl.gz", "hf-daily-papers-2024-05-27.json", "arxiv-api-query.xml"].map(CLI.fixture)
        let result = try await CLI.run(["import", "--db", db] + files, in: dir)
        precondition(result.status == 0, result.stderr)
        return (dir, db)
    }

    @Test func jsonOutputHasTheDocumentedShape() async throws {
        let (dir, db) = try await database()
        let result = try await CLI.run(["search", "--db", db, "--json", "--limit", "3", "video generation"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["query", "total", "offset", "mode", "results"])
        #expect(json["query"] as? String == "video generation")
        #expect(json["mode"] as? String == "keyword", "no embeddings: keyword search")
        let total = try #require(json["total"] as? Int)
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(total >= results.count)
        #expect(results.count == 3)
        for hit in results {
            #expect(Set(hit.keys) == ["id", "title", "abstract", "authors", "categories", "published", "updated", "listed",
                                      "version", "doi", "journal_ref", "comments", "upvotes", "score", "links", "code", "venue",
                                      "project_page", "ai_summary", "ai_keywords", "discussion_comments", "thumbnail", "submitted_by"])
            #expect(hit["title"] is String)
            #expect(hit["authors"] is [String])
            #expect(hit["score"] is Double)
        }
        let titles = results.compactMap { $0["title"] as? String }.map { $0.lowercased() }
        #expect(titles.allSatisfy { $0.contains("video") || $0.contains("generat") })
    }

    /// `eval judged`: every mode as the site runs it, the default among them, figures from the grades.
    @Test func evalJudgedScoresEveryModeAndNamesTheDefault() async throws {
        let (dir, db) = try await database()
        let top = try await CLI.run(["search", "--db", db, "--json", "--limit", "2", "video generation"], in: dir)
        let ids = try #require((try JSONSerialization.jsonObject(with: Data(top.stdout.utf8)) as? [String: Any])?["results"] as? [[String: Any]])
            .compactMap { $0["id"] as? String }
        #expect(ids.count == 2)
        // The first result judged not relevant, the second highly: nDCG@10 is 3/log2(3) over 3.
        let file = dir.path("judged.json")
        try Data(#"{"queries": [{"query": "video generation", "grades": {"\#(ids[0])": 0, "\#(ids[1])": 2}}]}"#.utf8)
            .write(to: URL(fileURLWithPath: file))
        let result = try await CLI.run(["eval", "judged", "--db", db, "--json", "--model-dir", dir.path("no-model"), file], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(report.keys) == ["keyword", "semantic", "hybrid", "default"])
        let keyword = try #require(report["keyword"] as? [String: Double])
        #expect(abs(keyword["ndcg@10"]! - 1 / log2(3.0)) < 1e-9)
        #expect(abs(keyword["p@10"]! - 0.1) < 1e-9)
        #expect(keyword["judged@10"]! <= 1)
        #expect((report["semantic"] as? [String: String])?["unavailable"] != nil, "no model: said, not scored")
        #expect((report["default"] as? [String: Any])?["mode"] as? String == "keyword")
    }

    @Test func filtersPagingIdsAndOddInput() async throws {
        let (dir, db) = try await database()
        let byID = try await CLI.run(["search", "--db", db, "--json", "arXiv:2405.15738v1"], in: dir)
        #expect(byID.stdout.contains("\"id\" : \"2405.15738\""))
        #expect(byID.stdout.contains("\"total\" : 1"))

        let electrons = try await CLI.run(["search", "--db", db, "--json", "--category", "hep-ph", "--since", "2000-01-01", "--until", "2013-12-31", "electron"], in: dir)
        #expect(electrons.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(electrons.stdout.utf8)) as? [String: Any])
        for hit in json["results"] as? [[String: Any]] ?? [] {
            #expect((hit["categories"] as? [String])?.contains("hep-ph") == true)
            let published = try #require(hit["published"] as? String)
            #expect(published >= "2000-01-01" && published <= "2013-12-31")
        }

        for odd in ["\"", "NEAR(", "*", "((", "🎉", "a:b", "-", "'; DROP TABLE papers; --"] {
            let result = try await CLI.run(["search", "--db", db, "--", odd], in: dir)
            #expect(result.status == 0, "query \(odd): \(result.stderr)")
        }

        let badDate = try await CLI.run(["search", "--db", db, "--since", "2024-13-01", "x"], in: dir)
        #expect(badDate.status != 0)
        #expect(badDate.stderr.contains("--since: '2024-13-01' is not a date (YYYY-MM-DD)"))
        let badLimit = try await CLI.run(["search", "--db", db, "--limit", "0", "x"], in: dir)
        #expect(badLimit.status != 0)
        #expect(badLimit.stderr.contains("--limit"))
    }

    @Test func textOutputAndShow() async throws {
        let (dir, db) = try await database()
        let text = try await CLI.run(["search", "--db", db, "ConvLLaVA"], in: dir)
        #expect(text.stdout.contains("1 papers match \"ConvLLaVA\""))
        #expect(text.stdout.contains("ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models"))
        let missing = try await CLI.run(["show", "--db", db, "2401.99999"], in: dir)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no paper 2401.99999"))
        let json = try await CLI.run(["show", "--db", db, "--json", "2405.15738"], in: dir)
        let paper = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(paper["upvotes"] as? Int == 32)
        #expect(paper["listed"] as? String == "2024-05-27")
    }
}

@Suite struct SimilarCommandTests {
    @Test func listsSimilarPapersAndComputesAllLists() async throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("papers.sqlite")
        let imported = try await CLI.run(["import", "--db", db, CLI.fixture("papers-sample.jsonl.gz")], in: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        let all = try await CLI.run(["similar", "--db", db, "--all"], in: dir)
        #expect(all.status == 0, "\(all.stderr)")
        let computed = try #require(all.stdout.firstMatch(of: /Computed the similar-paper lists of (\d+) papers/)?.1)
        let count = try await CLI.run(["stats", "--db", db, "--json"], in: dir)
        #expect(count.stdout.contains("\"papers\" : \(computed)"), "\(count.stdout)")
        let again = try await CLI.run(["similar", "--db", db, "--all"], in: dir)
        #expect(again.stdout.contains("lists of 0 papers"))

        let json = try await CLI.run(["similar", "--db", db, "--json", "--limit", "5", "2412.04432"], in: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 5)
        #expect(!results.contains { $0["id"] as? String == "2412.04432" })
        #expect(results.contains { ($0["title"] as? String)?.localizedCaseInsensitiveContains("video") == true })

        let text = try await CLI.run(["similar", "--db", db, "2412.04432"], in: dir)
        #expect(text.stdout.hasPrefix("Papers similar to 2412.04432:"))
        let unknown = try await CLI.run(["similar", "--db", db, "2412.99999"], in: dir)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no paper 2412.99999"))
        let bad = try await CLI.run(["similar", "--db", db, "--limit", "500", "2412.04432"], in: dir)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--limit"))
    }
}

@Suite struct EmbedCommandTests {
    static let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("models/all-MiniLM-L6-v2").path

    @Test func embedsEveryPaperOnceAndSaysWhenTheModelIsMissing() async throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("papers.sqlite")
        let imported = try await CLI.run(["import", "--db", db, CLI.fixture("papers-sample.jsonl.gz")], in: dir)
        #expect(imported.status == 0)
        let missing = try await CLI.run(["embed", "--db", db, "--model-dir", dir.path("no-model")], in: dir)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("the model is not installed in"))
        guard FileManager.default.fileExists(atPath: Self.model + "/model.safetensors") else {
            if ProcessInfo.processInfo.environment["PAPERBOY_TEST_REQUIRE_TOOLS"] == "1" { Issue.record("the model is not installed") }
            return
        }
        let first = try await CLI.run(["embed", "--db", db, "--batch-size", "16"], environment: ["PAPERBOY_MODEL_DIR": Self.model], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let count = try #require(first.stdout.firstMatch(of: /Embedded (\d+) papers/)?.1)
        #expect(Int(count)! > 0)
        #expect(first.stdout.contains("\(count) of \(count) have an embedding"))
        let again = try await CLI.run(["embed", "--db", db, "--model-dir", Self.model], in: dir)
        #expect(again.stdout.hasPrefix("Embedded 0 papers"))

        // Semantic search: a paper's own title finds it first, and scores go down.
        let search = try await CLI.run(["search", "--db", db, "--mode", "semantic", "--model-dir", Self.model, "--json", "--limit", "5",
                                  "Divot: Diffusion Powers Video Tokenizer for Comprehension and Generation"], in: dir)
        #expect(search.status == 0, "\(search.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.count == 5)
        #expect(results.first?["id"] as? String == "2412.04432")
        let scores = results.compactMap { $0["score"] as? Double }
        #expect(scores == scores.sorted(by: >) && scores.count == 5)
        let filtered = try await CLI.run(["search", "--db", db, "--mode", "semantic", "--model-dir", Self.model, "--category", "cs.CV",
                                    "--json", "video"], in: dir)
        let kept = try #require(try JSONSerialization.jsonObject(with: Data(filtered.stdout.utf8)) as? [String: Any])
        let keptResults = try #require(kept["results"] as? [[String: Any]])
        #expect(!keptResults.isEmpty && keptResults.allSatisfy { ($0["categories"] as? [String] ?? []).contains("cs.CV") })

        // With embeddings, hybrid is the default; it finds a paper described in other words.
        let hybrid = try await CLI.run(["search", "--db", db, "--model-dir", Self.model, "--json", "software to reconstruct x-ray holograms"], in: dir)
        let hybridJSON = try #require(try JSONSerialization.jsonObject(with: Data(hybrid.stdout.utf8)) as? [String: Any])
        #expect(hybridJSON["mode"] as? String == "hybrid")
        #expect((hybridJSON["results"] as? [[String: Any]])?.first?["id"] as? String == "2506.11567")
        let keyword = try await CLI.run(["search", "--db", db, "--mode", "keyword", "software to reconstruct x-ray holograms"], in: dir)
        #expect(keyword.stdout.hasPrefix("No papers match"))
        let noModel = try await CLI.run(["search", "--db", db, "--mode", "hybrid", "--model-dir", dir.path("no-model"), "video"], in: dir)
        #expect(noModel.status != 0 && noModel.stderr.contains("semantic search is unavailable: the model is not installed in"))
    }

    /// `eval beir` on a small BEIR dataset made of the sample papers, with each query a
    /// paper's title in other words; one corpus line is broken and reported.
    @Test(.enabled(if: TestTools.model(at: EmbedCommandTests.model))) func evalBEIRScoresEveryMode() async throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path("set/qrels"), withIntermediateDirectories: true)
        let missing = try await CLI.run(["eval", "beir", dir.path("set")], in: dir)
        #expect(missing.status != 0 && missing.stderr.contains("qrels/test.tsv not found"))
        guard FileManager.default.fileExists(atPath: Self.model + "/model.safetensors") else { return }
        let papers = try String(decoding: try InputFile(path: CLI.fixture("papers-sample.jsonl.gz")).readAll(), as: UTF8.self).split(separator: "\n")
            .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        var corpus = papers.map { paper in
            String(decoding: try! JSONSerialization.data(withJSONObject: ["_id": paper["id"]!, "title": paper["title"]!,
                                                                          "text": paper["abstract"] as? String ?? ""]), as: UTF8.self)
        }
        corpus.insert("{\"_id\": \"broken\"", at: 3)
        try corpus.joined(separator: "\n").write(toFile: dir.path("set/corpus.jsonl"), atomically: true, encoding: .utf8)
        let queries = [("q1", "software to reconstruct x-ray holograms", "2506.11567"),
                       ("q2", "tokenizing videos with a diffusion model", "2412.04432"),
                       ("q3", "benchmark for language model agents in cyber security", "2506.00739")]
        try queries.map { "{\"_id\": \"\($0.0)\", \"text\": \"\($0.1)\"}" }.joined(separator: "\n")
            .write(toFile: dir.path("set/queries.jsonl"), atomically: true, encoding: .utf8)
        try (["query-id\tcorpus-id\tscore"] + queries.map { "\($0.0)\t\($0.2)\t1" }).joined(separator: "\n")
            .write(toFile: dir.path("set/qrels/test.tsv"), atomically: true, encoding: .utf8)
        let run = try await CLI.run(["eval", "beir", dir.path("set"), "--json", "--model-dir", Self.model], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("corpus.jsonl:4: not a JSON object"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]])
        #expect(Set(report.keys) == ["keyword", "semantic", "rrf", "hybrid", "default"])
        // The site's default is hybrid with its learned ranker.
        #expect(report["default"]?["mode"] as? String == "hybrid")
        #expect(report["default"]?["ndcg@10"] as? Double == report["hybrid"]?["ndcg@10"] as? Double)
        let scores = report.compactMapValues { $0 as? [String: Double] }
        // Semantic search puts each described paper first; words alone miss the first query.
        #expect(scores["semantic"]?["ndcg@10"] == 1 && scores["semantic"]?["recall@100"] == 1)
        #expect((scores["hybrid"]?["ndcg@10"] ?? 0) > 0.8)
        #expect((scores["keyword"]?["ndcg@10"] ?? 1) < (scores["semantic"]?["ndcg@10"] ?? 0))
        let text = try await CLI.run(["eval", "beir", dir.path("set"), "--model-dir", Self.model, "--ablation",
                                      "--features-out", dir.path("features.json")], in: dir)
        #expect(text.stdout.contains("3 queries (test), 41 documents"))
        #expect(text.stdout.contains("without proximity"))

        // The saved features train a ranker, written as the source file the site compiles.
        let fit = try await CLI.run(["eval", "fit-ranking", dir.path("features.json"), "--folds", "0",
                                     "--write", dir.path("Learned.swift")], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(fit.stdout.contains("3 queries: 3 scifact-test"))
        #expect(fit.stdout.contains("fitted"))
        let source = try String(contentsOfFile: dir.path("Learned.swift"), encoding: .utf8)
        #expect(source.contains("public static let learned = LinearRanker(") && source.contains(".keywordRank:"))
    }

    @Test func fitRankingAndRankingSwitchesRefuseWhatTheyCannotUse() async throws {
        let dir = try TemporaryDirectory()
        try Data("{\"not\": \"features\"}".utf8).write(to: URL(fileURLWithPath: dir.path("bad.json")))
        let bad = try await CLI.run(["eval", "fit-ranking", dir.path("bad.json")], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("is not a feature file from --features-out"))
        try Data(#"[{"query": "q", "source": "s", "candidates": ["a", "b"], "features": [[1, 2], [3, 4]], "grades": {"a": 1}}]"#.utf8)
            .write(to: URL(fileURLWithPath: dir.path("narrow.json")))
        let narrow = try await CLI.run(["eval", "fit-ranking", dir.path("narrow.json")], in: dir)
        #expect(narrow.status != 0 && narrow.stderr.contains("not one row of 13 per candidate"))
        let off = try await CLI.run(["search", "--db", dir.path("p.sqlite"), "x"], environment: ["PAPERBOY_RANKING_OFF": "proximity,stars"], in: dir)
        #expect(off.status != 0 && off.stderr.contains("PAPERBOY_RANKING_OFF: 'proximity,stars' is not a comma-separated list of ranking features"))
        let option = try await CLI.run(["eval", "judged", "--ranking-off", "stars", dir.path("judged.json")], in: dir)
        #expect(option.status != 0 && option.stderr.contains("not a comma-separated list of ranking features"))
    }
}
