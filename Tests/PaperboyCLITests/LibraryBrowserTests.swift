import Foundation
import PaperboyCore
import PaperboyTestSupport
import Testing

/// A reader's library in a real browser against a real `paperboy serve`: headless Chromium,
/// driven by Selenium through the forms (`Tests/tools/browser_library.py`), signs in by the
/// link the server mailed into its Maildir, saves and rates on the trending page, renames a
/// collection (a name with spaces, sent as `+`), uploads a BibTeX file, signs out.
@Suite(.serialized) struct LibraryBrowserTests {
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: TestTools.selenium)) func aReaderSignsInSavesImportsAndSignsOut() async throws {
        guard let chromium = ServeCommandTests.chromium, let driver = Self.executable("chromedriver") else {
            if TestTools.required { Issue.record("chromium or chromedriver is not installed") }
            return
        }
        let server = try await ServeCommandTests.Server()
        defer { server.terminate() }
        // No account yet: no recommendation corpus and no catalog for title matching; the
        // reader's sign-in starts building them, and the import waits for them.
        #expect(try await !server.get("/metrics").1.contains("paperboy_recommender_papers 331"))
        let (_, trending) = try await server.get("/api/trending?window=month&limit=4")
        let results = try #require((try JSONSerialization.jsonObject(with: Data(trending.utf8)) as? [String: Any])?["results"] as? [[String: Any]])
        let ids = results.compactMap { $0["id"] as? String }, titles = results.compactMap { $0["title"] as? String }
        try #require(ids.count == 4 && titles.count == 4)
        // A Zotero entry with the eprint, a Google Scholar one with only the title, one unknown.
        let bib = """
            @article{zotero1, title = {\(titles[2])}, eprint = {\(ids[2])}, archivePrefix = {arXiv}}
            @inproceedings{scholar1, title={\(titles[3].uppercased())}, author={Someone, A.}, year={2026}}
            @article{nobody, title = {A Paper Nobody Here Wrote}}
            """
        let bibFile = server.directory.path("library.bib")
        try bib.write(toFile: bibFile, atomically: true, encoding: .utf8)

        let run = try await ChildProcess.run(["python3", ToolServer.toolPath("browser_library.py"), server.url,
                                              server.directory.path("outbox"), bibFile, chromium, driver])
        #expect(run.exit.status == 0, "\(run.stderr.suffix(3_000))")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
        #expect(seen["redirected"] as? String == server.url + "/signin?return=%2Flibrary")
        #expect(seen["asked"] as? String == "Check your inbox")
        #expect(seen["verify_heading"] as? String == "Sign in as reader@example.org")
        #expect(seen["after_sign_in"] as? String == server.url + "/library")
        let cookie = seen["session_cookie"] as? [String: Any]
        #expect(cookie?["httpOnly"] as? Bool == true && cookie?["sameSite"] as? String == "Lax")
        #expect(seen["saved_title"] as? String == titles[0])
        #expect((seen["first_card_after_save"] as? String)?.contains("★ Saved") == true)
        #expect(seen["liked_title"] as? String == titles[1])
        #expect(seen["second_pressed"] as? String == "true")
        #expect(seen["library_titles"] as? [String] == [titles[0]])
        #expect(seen["after_rename"] as? String == server.url + "/library?collection=My%20reading%20list")
        #expect(seen["collections"] as? [String] == ["All (1)", "My reading list (1)"])
        #expect(seen["import_report"] as? String == "Imported (bibtex): 2 matched, 2 new in “From Zotero”")
        #expect((seen["unmatched"] as? [String])?.count == 1)
        #expect((seen["unmatched"] as? [String])?.first?.contains("A Paper Nobody Here Wrote") == true)
        #expect(Set(seen["imported_titles"] as? [String] ?? []) == [titles[2], titles[3]])
        #expect(seen["for_you_heading"] as? String == "For you")
        #expect((seen["for_you_cards"] as? Int ?? 0) > 0)
        #expect(seen["after_sign_out"] as? String == server.url + "/")
        #expect(seen["library_after_sign_out"] as? String == server.url + "/signin?return=%2Flibrary")
        _ = await server.stop()
    }
}
