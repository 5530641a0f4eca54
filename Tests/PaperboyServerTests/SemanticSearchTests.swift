import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Logging
import PaperboyCore
import PaperboyEmbed
import PaperboyServer
import PaperboyTestSupport
import Testing

/// Semantic and hybrid search on the site and the API, with the real model and the
/// embedding service filling the index.
@Suite struct SemanticSearchTests {
    static let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("models/all-MiniLM-L6-v2").path
    static var modelInstalled: Bool {
        if FileManager.default.fileExists(atPath: model + "/model.safetensors") { return true }
        if ProcessInfo.processInfo.environment["PAPERBOY_TEST_REQUIRE_TOOLS"] == "1" { Issue.record("the model is not installed") }
        return false
    }
    /// Says what HoToPy (2506.11567) is without its words: no paper has all of them.
    static let paraphrase = "software to reconstruct x-ray holograms"

    @Test(.enabled(if: TestTools.model(at: SemanticSearchTests.model))) func hybridBecomesTheDefaultOnceEmbeddingsExistAndFindsParaphrases() async throws {
        guard Self.modelInstalled else { return }
        var settings = TestSite.relaxedSettings
        settings.modelDirectory = Self.model
        let test = try await TestSite.make(settings: settings)
        let query = Self.paraphrase.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await test.test { client in
            try await client.execute(uri: "/api/search?q=\(query)", method: .get) { response in
                #expect(response.object["mode"] as? String == "keyword", "no embeddings yet")
                #expect(response.object["total"] as? Int == 0, "no paper has every word")
            }
            try await client.execute(uri: "/api/search?q=\(query)&mode=semantic", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect((response.error["message"] as? String ?? "").contains("no paper has an embedding yet"))
            }
        }

        // The embedding service embeds every paper, then searches go hybrid.
        var logger = Logger(label: "paperboy.test")
        logger.logLevel = .critical
        let service = Task { await EmbeddingService(site: test.site).run() }
        let papers = try await test.store.count()
        let deadline = ContinuousClock.now + .seconds(300)
        while try await test.store.embeddingCoverage(model: SentenceEmbedder.modelName).embedded < papers, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        service.cancel()
        await service.value
        #expect(try await test.store.embeddingCoverage(model: SentenceEmbedder.modelName).embedded == papers)

        try await test.test { client in
            for mode in ["", "&mode=hybrid", "&mode=semantic"] {
                try await client.execute(uri: "/api/search?q=\(query)\(mode)", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.object["mode"] as? String == (mode.isEmpty ? "hybrid" : String(mode.dropFirst(6))))
                    let results = response.object["results"] as? [[String: Any]] ?? []
                    #expect(results.first?["id"] as? String == "2506.11567", "\(mode): \(results.prefix(3).map { $0["title"] ?? "" })")
                }
            }
            // Filters hold in semantic mode: only cs.CV papers, ranked by meaning.
            try await client.execute(uri: "/api/search?q=video%20generation&mode=semantic&category=cs.CV&limit=100", method: .get) { response in
                let results = response.object["results"] as? [[String: Any]] ?? []
                #expect(!results.isEmpty)
                #expect(results.allSatisfy { ($0["categories"] as? [String] ?? []).contains("cs.CV") })
                let scores = results.compactMap { $0["score"] as? Double }
                #expect(scores == scores.sorted(by: >))
            }
            try await client.execute(uri: "/api/search?q=x&mode=fuzzy", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.error["parameter"] as? String == "mode")
            }
            // Similar papers come from the embeddings: cosines, best first, never the paper itself.
            let similar = try await client.execute(uri: "/api/papers/2412.04432/similar?limit=5", method: .get) { response in
                let results = response.object["results"] as? [[String: Any]] ?? []
                #expect(results.count == 5)
                #expect(!results.contains { $0["id"] as? String == "2412.04432" })
                let scores = results.compactMap { $0["score"] as? Double }
                #expect(scores.allSatisfy { $0 > 0 && $0 <= 1 } && scores == scores.sorted(by: >))
                return results.compactMap { $0["id"] as? String }
            }
            // A second view (from the cache) and a longer list agree with the first.
            let longer = try await client.execute(uri: "/api/papers/2412.04432/similar?limit=8", method: .get) { response in
                (response.object["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            let again = try await client.execute(uri: "/api/papers/2412.04432/similar?limit=5", method: .get) { response in
                (response.object["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            #expect(again == similar && Array(longer.prefix(5)) == similar && longer.count == 8)
            try await client.execute(uri: "/search?q=\(query)&mode=semantic", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("ranked by meaning"))
                #expect(response.text.contains("<option value=\"semantic\" selected>"))
                #expect(response.text.contains("HoToPy"))
            }

            // A signed-in reader whose library is computer vision: hybrid ranking's category
            // prior is theirs (said on the page); it re-orders, it never filters.
            let session = try await AccountTests.signIn(test, client)
            let csrf = try #require(try await client.execute(uri: "/account", method: .get, headers: [.cookie: session]) { AccountTests.csrf($0.text) })
            var signedIn = AccountTests.form
            signedIn[.cookie] = session
            for id in ["2503.18438", "2506.06966", "2510.08143"] {
                try await client.execute(uri: "/papers/\(id)/save", method: .post, headers: signedIn,
                                         body: ByteBuffer(string: "csrf=\(csrf)&return=%2Flibrary")) { #expect($0.status == .seeOther) }
            }
            let note = "papers in your library's categories (cs.CV) come first"
            try await client.execute(uri: "/search?q=video+generation", method: .get, headers: [.cookie: session]) { response in
                #expect(response.status == .ok && response.text.contains("by words and meaning"))
                #expect(response.text.contains(note), "\(response.text.prefix(3000))")
            }
            try await client.execute(uri: "/search?q=video+generation", method: .get) { response in
                #expect(response.status == .ok && !response.text.contains("come first"))
            }
            try await client.execute(uri: "/search?q=video+generation&mode=keyword", method: .get, headers: [.cookie: session]) { response in
                #expect(response.status == .ok && !response.text.contains("come first"), "keyword search has no priors")
            }
            // Filters alone rank nothing by meaning: no note.
            try await client.execute(uri: "/search?category=cs.CV", method: .get, headers: [.cookie: session]) { response in
                #expect(response.status == .ok && !response.text.contains("come first"))
            }
            func scores(_ headers: HTTPFields) async throws -> [String: (score: Double, categories: [String])] {
                try await client.execute(uri: "/api/search?q=video%20generation&limit=100", method: .get, headers: headers) { response in
                    #expect(response.object["mode"] as? String == "hybrid")
                    // A reader's own ranking is kept by no shared cache.
                    #expect(response.headers[.cacheControl] == (headers[.cookie] == nil ? nil : "no-store"))
                    let results = response.object["results"] as? [[String: Any]] ?? []
                    return Dictionary(results.compactMap { hit in
                        (hit["id"] as? String).map { ($0, (hit["score"] as? Double ?? 0, hit["categories"] as? [String] ?? [])) }
                    }, uniquingKeysWith: { a, _ in a })
                }
            }
            let anonymous = try await scores([:])
            let personal = try await scores([.cookie: session])
            #expect(!anonymous.isEmpty && Set(anonymous.keys) == Set(personal.keys))
            // Re-ranked candidates (the first 30, scored above 0) of the site's categories but
            // not the reader's score lower for them; those of cs.CV or of none score alike.
            let head = anonymous.filter { $0.value.score > 0 }
            let others = head.filter { !$0.value.categories.isEmpty && !$0.value.categories.contains("cs.CV") }
            #expect(!others.isEmpty)
            for (id, (score, categories)) in head {
                let mine = personal[id]?.score ?? .nan
                if others[id] != nil { #expect(mine < score, "\(id): \(mine) against \(score)") }
                else { #expect(mine == score, "\(id) \(categories): \(mine) against \(score)") }
            }
        }
    }

    @Test func withoutTheModelSemanticSearchSaysSoAndKeywordSearchWorks() async throws {
        var settings = TestSite.relaxedSettings
        settings.modelDirectory = "/nonexistent/model"
        let test = try await TestSite.make(settings: settings)
        try await test.test { client in
            try await client.execute(uri: "/api/search?q=agents&mode=hybrid", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect((response.error["message"] as? String ?? "").contains("the model is not installed in /nonexistent/model"))
            }
            try await client.execute(uri: "/search?q=agents&mode=semantic", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.text.contains("the model is not installed"))
            }
            try await client.execute(uri: "/api/search?q=agents", method: .get) { response in
                #expect(response.status == .ok && response.object["mode"] as? String == "keyword")
                #expect((response.object["total"] as? Int ?? 0) > 0)
            }
        }
    }
}
