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
    @Test func recommendationsLearnFromTheLibraryAndExplainThemselves() async throws {
        let test = try await AccountTests.site()
        try await test.test { client in
            let session = try await AccountTests.signIn(test, client, returnTo: "/for-you")
            try await client.execute(uri: "/for-you", method: .get, headers: [.cookie: session]) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Recommendations are being prepared"))
            }
            try await client.execute(uri: "/api/for-you", method: .get, headers: [.cookie: session]) { response in
                #expect(response.status == .serviceUnavailable)
            }
            #expect(try await RecommenderService(site: test.site).refresh())
            // Built at the store's current state: nothing to rebuild.
            #expect(try await !RecommenderService(site: test.site).refresh())

            // Nothing saved yet: trending papers to rate.
            let csrf = try await client.execute(uri: "/for-you?window=month", method: .get, headers: [.cookie: session]) { response in
                #expect(response.text.contains("Nothing to learn from yet"))
                #expect(response.text.contains("Rate these to teach it"))
                return try #require(AccountTests.csrf(response.text))
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
}
