import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
@testable import PaperboyServer
import PaperboyTestSupport
import Testing

/// The "For you" page and API over the fixture papers: before the corpus is built, with an
/// empty library (rate these), and learning from saved and rated papers.
@Suite struct ForYouTests {
    /// Nobody to recommend to, nothing built: a site without accounts keeps the memory. A
    /// reader's first visit before the service's next look says so, and starts the build.
    @Test func theCorpusWaitsForTheFirstAccount() async throws {
        let test = try await TestSite.make()
        #expect(try await !RecommenderService(site: test.site).refresh())
        #expect(await test.site.recommender.corpus == nil)
        let account = try await test.store.account(email: EmailAddress("first@example.org")!, creatingAt: Date())
        let session = test.site.sessions.tokens.newToken()
        try await test.store.createSession(tokenHash: session.hash, account: account.id, expires: Date().addingTimeInterval(3_600))
        let cookie = "\(ReaderSessions.cookieName)=\(session.token)"
        try await test.test { client in
            try await client.execute(uri: "/for-you", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Recommendations are being prepared"))
            }
            try await test.site.recommender.ensureBuilt(from: test.store, logger: test.site.logger)
            try await client.execute(uri: "/api/for-you", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok && response.object["status"] as? String == "needs-papers")
            }
        }
        // Built at the store's state: the service has nothing to do.
        #expect(try await !RecommenderService(site: test.site).refresh())
        _ = try await test.store.upsert([Paper(id: PaperID.parse("2612.00001")!.id, title: "A new paper", sources: ["test"])])
        #expect(try await RecommenderService(site: test.site).refresh())
        #expect(await test.site.recommender.corpus?.count == (try await test.store.count()))
    }

    @Test func recommendationsLearnFromTheLibraryAndExplainThemselves() async throws {
        let test = try await AccountTests.site()
        try await test.test { client in
            let session = try await AccountTests.signIn(test, client, returnTo: "/for-you")
            // The site's first sign-in started the build; waiting for it shares it.
            try await test.site.recommender.ensureBuilt(from: test.store, logger: test.site.logger)
            #expect(await test.site.recommender.corpus?.count == (try await test.store.count()))
            // Built at the store's current state: nothing to rebuild.
            #expect(try await !RecommenderService(site: test.site).refresh())

            // Nothing saved yet: trending papers to rate.
            let csrf = try await client.execute(uri: "/for-you?window=month", method: .get, headers: [.cookie: session]) { response in
                #expect(response.text.contains("Nothing to learn from yet"))
                #expect(response.text.contains("Rate these to teach it"))
                return try #require(AccountTests.csrf(response.text))
            }
            // A reader whose digest follows topics starts from their matches instead.
            guard case .needsConfirmation = try await test.store.subscribe(Subscription(email: EmailAddress("reader@example.org")!,
                                                                                          topics: [.query("agent")])) else {
                Issue.record("a new subscription needs confirmation")
                return
            }
            try await client.execute(uri: "/api/for-you?window=month", method: .get, headers: [.cookie: session]) { response in
                #expect(response.object["status"] as? String == "needs-papers")
                let start = response.object["rateThese"] as? [[String: Any]] ?? []
                #expect(!start.isEmpty)
                for paper in start {
                    let text = "\(paper["title"] as? String ?? "") \(paper["abstract"] as? String ?? "")"
                    #expect(text.localizedCaseInsensitiveContains("agent"), "\(text.prefix(80))")
                }
            }
            var signedIn = AccountTests.form
            signedIn[.cookie] = session
            let saved = ["2604.17284", "2604.28093", "2605.29559"]
            for id in saved {
                try await client.execute(uri: "/papers/\(id)/save", method: .post, headers: signedIn,
                                         body: ByteBuffer(string: "csrf=\(csrf)&collection=Agents")) { response in
                    #expect(response.status == .seeOther)
                }
            }
            let first = try await client.execute(uri: "/api/for-you?window=month", method: .get, headers: [.cookie: session]) { response in
                #expect(response.status == .ok)
                #expect(response.object["status"] as? String == "ok")
                #expect(response.object["to"] as? String == "2026-08-21")
                return response.object["papers"] as? [[String: Any]] ?? []
            }
            let ids = first.compactMap { ($0["paper"] as? [String: Any])?["id"] as? String }
            #expect(ids.count >= 5)
            #expect(Set(ids).isDisjoint(with: saved))
            let scores = first.compactMap { $0["score"] as? Double }
            #expect(scores == scores.sorted(by: >))
            // The best one is there for words the saved papers share.
            #expect((first.first?["words"] as? [String])?.isEmpty == false)

            // The page shows them with reasons and thumbs, and the least certain to rate.
            try await client.execute(uri: "/for-you?window=month", method: .get, headers: [.cookie: session]) { response in
                #expect(response.text.contains("ranked by what you saved and rated"))
                #expect(response.text.contains("words: "))
                #expect(response.text.contains("/papers/\(ids[0])"))
            }
            // Today's papers, and from the rest of the month the ones it is least sure about.
            try await client.execute(uri: "/for-you", method: .get, headers: [.cookie: session]) { response in
                #expect(response.text.contains("Papers of 2026-08-21"))
                #expect(response.text.contains("Rate these to teach it"))
                #expect(response.text.contains("least sure about"))
            }
            // A thumbs down on the first: it goes, and the model is retrained without it.
            try await client.execute(uri: "/papers/\(ids[0])/rate", method: .post, headers: signedIn,
                                     body: ByteBuffer(string: "csrf=\(csrf)&rating=down")) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/api/for-you?window=month", method: .get, headers: [.cookie: session]) { response in
                let again = (response.object["papers"] as? [[String: Any]] ?? []).compactMap { ($0["paper"] as? [String: Any])?["id"] as? String }
                #expect(!again.contains(ids[0]))
                #expect(again.first == ids[1])
            }
            // Per collection: an unknown one has nothing to learn from.
            try await client.execute(uri: "/api/for-you?window=month&collection=Empty", method: .get, headers: [.cookie: session]) { response in
                #expect(response.object["status"] as? String == "needs-papers")
            }
        }
    }

    /// The digest's `for-you` section: the reader's picks of the window, once the corpus is
    /// built; before that the reader waits for the next run instead of losing the day.
    @Test func theDigestRecommendsFromTheLibrary() async throws {
        let test = try await AccountTests.site()
        let store = test.store
        let at = ISO8601DateFormatter().date(from: "2026-08-21T08:00:00Z")!
        let account = try await store.account(email: EmailAddress("reader@example.org")!, creatingAt: at)
        for id in ["2604.17284", "2604.28093", "2605.29559"] {
            _ = try await store.save(PaperID.parse(id)!.id, in: "Agents", account: account.id, at: at)
        }
        for (address, topics) in [("Reader@example.org", [DigestTopic.forYou]), ("stranger@example.org", [.forYou, .trending])] {
            guard case .needsConfirmation(var subscription) = try await store.subscribe(Subscription(email: EmailAddress(address)!, topics: topics)) else {
                Issue.record("a new subscription needs confirmation")
                return
            }
            subscription.status = .active
            try await store.update(subscription)
        }
        let mailer = test.site.mailer
        let early = try await mailer.createDueDigests(now: at)
        // No corpus yet: the reader waits; the stranger, with no account, has nothing to wait for.
        #expect(early.setAside == 1 && early.created == 1)
        #expect(try await RecommenderService(site: test.site).refresh())
        let report = try await mailer.run(now: at)
        #expect(report.created == 1 && report.sent == 2)
        let folder = URL(fileURLWithPath: test.directory.path("outbox/new"))
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        let digests = try SMTPSink.parse(files).filter { ($0["headers"] as? [String: String])?["Subject"]?.contains("Sign in") != true }
        let mine = try #require(digests.first { ($0["headers"] as? [String: String])?["To"] == "Reader@example.org" })
        let text = try #require(mine["text"] as? String)
        #expect(text.contains("Recommended for you, from your library"))
        #expect(!text.contains("Trending"))
        // The picks are papers of the window, none of them already in the library.
        let links = (mine["links"] as? [String] ?? []).filter { $0.contains("/papers/") }
        #expect(!links.isEmpty)
        for link in links {
            let id = try #require(PaperID.parse(String(link.split(separator: "/").last!))?.id)
            #expect(!["2604.17284", "2604.28093", "2605.29559"].contains(id.rawValue))
            let paper = try #require(try await store.paper(id: id))
            #expect(paper.appeared.map { $0 >= Day("2026-08-20")! } == true)
        }
        // The stranger has no account: only trending.
        let theirs = try #require(digests.first { ($0["headers"] as? [String: String])?["To"] == "stranger@example.org" })
        #expect((theirs["text"] as? String)?.contains("Recommended for you") == false)
        #expect((theirs["text"] as? String)?.contains("Trending") == true)
    }
}
