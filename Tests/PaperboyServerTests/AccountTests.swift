import Foundation
import Synchronization
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
@testable import PaperboyServer
import PaperboyTestSupport
import Testing

/// Accounts as a reader uses them: ask for a sign-in link, follow it from the mail the
/// server wrote (Maildir, parsed by Python's email package), use the library with the
/// session cookie and its CSRF token, sign out, sign in again, delete everything.
@Suite struct AccountTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// The sign-in links the site mailed so far (newest last).
    static func signInLinks(_ test: TestSite) async throws -> [String] {
        let folder = URL(fileURLWithPath: test.directory.path("outbox")).appendingPathComponent("new")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])
            .map { ($0, try $0.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate ?? .distantPast) }
            .sorted { $0.1 < $1.1 }.map(\.0)
        return try SMTPSink.parse(files).filter { ($0["headers"] as? [String: String])?["Subject"] == "Sign in to Paperboy" }
            .compactMap { ($0["links"] as? [String])?.first { $0.contains("/signin/verify?") } }
    }

    /// The test site, with an old-style paper (from its real `.abs` file) to save.
    static func site() async throws -> TestSite {
        let test = try await TestSite.make()
        let report = try await Importer(store: test.store).importFile(TestSite.fixturePath("hep-th-9108002.abs"))
        #expect(report.read == 1 && report.skipped == 0)
        return test
    }

    static func path(_ link: String) -> String { String(link.dropFirst("https://papers.example.org".count)) }

    /// The value of a hidden `csrf` field on a page.
    static func csrf(_ html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs `email` in through the emailed link; the session cookie.
    static func signIn(_ test: TestSite, _ client: any TestClientProtocol, email: String = "reader%40example.org",
                       returnTo: String = "/library") async throws -> String {
        try await client.execute(uri: "/signin", method: .post, headers: form,
                                 body: ByteBuffer(string: "email=\(email)&return=\(Link.encode(returnTo))")) { response in
            #expect(response.status == .ok)
            #expect(response.text.contains("Check your inbox"))
        }
        #expect(try await test.site.mailer.deliver().sent == 1)
        let link = try #require(try await signInLinks(test).last)
        // Following the link changes nothing: it shows a button.
        let token = try await client.execute(uri: path(link), method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.text.contains("<button type=\"submit\">Sign in</button>"))
            return try #require(response.text.range(of: "name=\"token\" value=\"").map { String(response.text[$0.upperBound...].prefix { $0 != "\"" }) })
        }
        return try await client.execute(uri: "/signin/verify", method: .post, headers: form,
                                        body: ByteBuffer(string: "token=\(token)&return=\(Link.encode(returnTo))")) { response in
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == returnTo)
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Secure"))
            return try #require(cookie.split(separator: ";").first.map(String.init))
        }
    }

    @Test func signInSaveRateExportSignOut() async throws {
        let test = try await Self.site()
        try await test.test { client in
            let session = try await Self.signIn(test, client)
            #expect(session.hasPrefix("paperboy_session="))
            // The link works once.
            let link = try #require(try await Self.signInLinks(test).last)
            let token = String(link[link.range(of: "token=")!.upperBound...].prefix { $0 != "&" })
            try await client.execute(uri: "/signin/verify", method: .post, headers: Self.form, body: ByteBuffer(string: "token=\(token)")) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.setCookie] == nil)
            }
            let page = try await client.execute(uri: "/account", method: .get, headers: [.cookie: session]) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("reader@example.org"))
                return response.text
            }
            let csrf = try #require(Self.csrf(page))
            var signedIn = Self.form
            signedIn[.cookie] = session

            // Saving needs the form's CSRF token; another site's form has none.
            try await client.execute(uri: "/papers/2608.13210/save", method: .post, headers: signedIn,
                                     body: ByteBuffer(string: "return=%2Flibrary")) { response in
                #expect(response.status == .forbidden)
            }
            var crossSite = signedIn
            crossSite[HTTPField.Name("Origin")!] = "https://evil.example"
            try await client.execute(uri: "/papers/2608.13210/save", method: .post, headers: crossSite,
                                     body: ByteBuffer(string: "csrf=\(csrf)")) { response in
                #expect(response.status == .forbidden)
            }
            for (id, collection) in [("2608.13210", ""), ("hep-th%2F9108002", "Old+ones"), ("2608.13210", "Old+ones")] {
                try await client.execute(uri: "/papers/\(id)/save", method: .post, headers: signedIn,
                                         body: ByteBuffer(string: "csrf=\(csrf)&collection=\(collection)&return=%2Flibrary")) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/library")
                }
            }
            try await client.execute(uri: "/papers/2608.13210/rate", method: .post, headers: signedIn,
                                     body: ByteBuffer(string: "csrf=\(csrf)&rating=down")) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/library", method: .get, headers: [.cookie: session]) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Old ones (2)"))
                #expect(response.text.contains("Saved (1)"))
                #expect(response.text.contains("★ Saved"))
                #expect(response.text.contains("aria-label=\"Less like this\" aria-pressed=\"true\""))
            }
            // The trending page marks the reader's papers, and is not the visitors' cached one.
            try await client.execute(uri: "/?window=month", method: .get, headers: [.cookie: session]) { response in
                #expect(response.text.contains("value=\"\(csrf)\""))
                #expect(response.headers[.cacheControl] == "no-store")
            }
            try await client.execute(uri: "/?window=month", method: .get) { response in
                #expect(!response.text.contains("name=\"csrf\""))
                #expect(!response.text.contains("★ Saved"))
            }

            // Export as BibTeX and CSL-JSON, and import the BibTeX back into a new collection.
            let bibtex = try await client.execute(uri: "/library/export?format=bibtex&collection=Old+ones", method: .get, headers: [.cookie: session]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"paperboy-Old-ones.bib\"")
                return response.text
            }
            #expect(bibtex.contains("eprint = {hep-th/9108002}"))
            try await client.execute(uri: "/library/export?format=csl-json", method: .get, headers: [.cookie: session]) { response in
                let items = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [[String: Any]])
                #expect(Set(items.compactMap { $0["number"] as? String }) == ["2608.13210", "hep-th/9108002"])
            }
            let boundary = "----paperboyTest7MA4YWxkTrZu0gW"
            var upload = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n"
            upload += "--\(boundary)\r\nContent-Disposition: form-data; name=\"collection\"\r\n\r\nRound trip\r\n"
            upload += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"old.bib\"\r\nContent-Type: application/x-bibtex\r\n\r\n\(bibtex)\r\n--\(boundary)--\r\n"
            try await client.execute(uri: "/library/import", method: .post,
                                     headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: session],
                                     body: ByteBuffer(string: upload)) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Imported (bibtex): 2 matched, 2 new in “Round trip”"))
                // No duplicates and nothing unmatched: the report says neither (not "0 entries").
                #expect(!response.text.contains("named a paper another entry named"))
                #expect(!response.text.contains("Not matched"))
            }
            #expect(try await test.store.collections(account: 1).map(\.name) == ["Old ones", "Round trip", "Saved"])

            // Sign out: the cookie is cleared and the old session opens nothing.
            try await client.execute(uri: "/signout", method: .post, headers: signedIn, body: ByteBuffer(string: "csrf=\(csrf)")) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            try await client.execute(uri: "/library", method: .get, headers: [.cookie: session]) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/signin?return=%2Flibrary")
            }
            try await client.execute(uri: "/api/library", method: .get, headers: [.cookie: session]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func apiTokensCSRFAndDeletingTheAccount() async throws {
        let test = try await Self.site()
        try await test.test { client in
            let session = try await Self.signIn(test, client)
            // The reader also subscribes: the subscription is the account's.
            try await client.execute(uri: "/subscribe", method: .post, headers: Self.form,
                                     body: ByteBuffer(string: "email=Reader%40Example.org&topics=trending&frequency=daily&hour=7&timezone=UTC")) { _ in }
            let csrf = try await client.execute(uri: "/account", method: .get, headers: [.cookie: session]) { response in
                #expect(response.text.contains("Your subscription waits for you to confirm it"))
                return try #require(Self.csrf(response.text))
            }
            var signedIn = Self.form
            signedIn[.cookie] = session
            let apiToken = try await client.execute(uri: "/account/token", method: .post, headers: signedIn,
                                                    body: ByteBuffer(string: "csrf=\(csrf)")) { response in
                let text = response.text
                return try #require(text.range(of: "<code id=\"api-token\">").map { String(text[$0.upperBound...].prefix { $0 != "<" }) })
            }
            let json: HTTPFields = [.contentType: "application/json"]
            // A bearer token needs no CSRF token: browsers never send it on their own.
            var bearer = json
            bearer[.authorization] = "Bearer \(apiToken)"
            try await client.execute(uri: "/api/library/save", method: .post, headers: bearer,
                                     body: ByteBuffer(string: #"{"paper": "hep-th/9108002", "collection": "API"}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.object["added"] as? Bool == true)
            }
            try await client.execute(uri: "/api/ratings", method: .post, headers: bearer,
                                     body: ByteBuffer(string: #"{"paper": "2608.13210", "rating": "up"}"#)) { response in
                #expect(response.status == .ok)
            }
            // The cookie alone does not write through the API; with the header it does.
            var cookie = json
            cookie[.cookie] = session
            try await client.execute(uri: "/api/library/remove", method: .post, headers: cookie,
                                     body: ByteBuffer(string: #"{"paper": "hep-th/9108002"}"#)) { response in
                #expect(response.status == .forbidden)
            }
            cookie[HTTPField.Name("X-CSRF-Token")!] = csrf
            try await client.execute(uri: "/api/library/rename", method: .post, headers: cookie,
                                     body: ByteBuffer(string: #"{"from": "API", "to": "From scripts"}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.object["moved"] as? Int == 1)
            }
            try await client.execute(uri: "/api/library", method: .get, headers: [.authorization: "Bearer \(apiToken)"]) { response in
                let papers = response.object["papers"] as? [[String: Any]] ?? []
                #expect(papers.map { $0["id"] as? String } == ["hep-th/9108002"])
                #expect(papers.first?["collections"] as? [String] == ["From scripts"])
            }
            try await client.execute(uri: "/api/library/import?collection=Ids", method: .post, headers: bearer,
                                     body: ByteBuffer(string: "https://arxiv.org/abs/2608.13210v2\narXiv:2608.99999\n")) { response in
                #expect(response.status == .ok)
                #expect(response.object["matched"] as? Int == 1)
                #expect((response.object["unmatched"] as? [[String: Any]])?.count == 1)
            }
            try await client.execute(uri: "/api/library/save", method: .post, headers: [.contentType: "application/json", .authorization: "Bearer forged.token"],
                                     body: ByteBuffer(string: #"{"paper": "2608.13210"}"#)) { response in
                #expect(response.status == .unauthorized)
            }

            // Deleting needs the box ticked; then everything of the reader is gone.
            try await client.execute(uri: "/account/delete", method: .post, headers: signedIn, body: ByteBuffer(string: "csrf=\(csrf)")) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/account/delete", method: .post, headers: signedIn,
                                     body: ByteBuffer(string: "csrf=\(csrf)&confirm=yes")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            #expect(try await test.store.account(id: 1) == nil)
            #expect(try await test.store.subscription(email: EmailAddress("reader@example.org")!) == nil)
            #expect(try await test.store.library(account: 1, collection: nil).isEmpty)
            try await client.execute(uri: "/api/library", method: .get, headers: [.authorization: "Bearer \(apiToken)"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func signInRefusesBadAddressesAndAnswersAlikeForEveryone() async throws {
        let test = try await TestSite.make()
        try await test.test { client in
            try await client.execute(uri: "/signin", method: .post, headers: Self.form, body: ByteBuffer(string: "email=not+an+address")) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("it is not an email address"))
                #expect(response.text.contains("value=\"not an address\""))
            }
            try await client.execute(uri: "/api/signin", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"{"email": "new@example.org"}"#)) { response in
                #expect(response.status == .accepted)
            }
            // A forged or altered token shows no button.
            try await client.execute(uri: "/signin/verify?token=bmV3.1.x.AAAA", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(!response.text.contains("name=\"token\""))
            }
            // An account exists only once a link is used.
            #expect(try await test.store.account(id: 1) == nil)
            // Pages of a reader send a visitor to sign in, and back.
            try await client.execute(uri: "/for-you?window=week", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/signin?return=%2Ffor-you%3Fwindow%3Dweek")
            }
        }
    }

    /// A link followed after its 15 minutes shows no button and signs nobody in, even posted.
    @Test func aLinkExpiresAfterFifteenMinutes() async throws {
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let test = try await TestSite.make(now: { clock.withLock { $0 } })
        try await test.test { client in
            try await client.execute(uri: "/signin", method: .post, headers: Self.form, body: ByteBuffer(string: "email=late%40example.org")) { _ in }
            #expect(try await test.site.mailer.deliver().sent == 1)
            let link = try #require(try await Self.signInLinks(test).last)
            let token = String(link[link.range(of: "token=")!.upperBound...].prefix { $0 != "&" })
            clock.withLock { $0 = $0.addingTimeInterval(15 * 60 + 1) }
            try await client.execute(uri: Self.path(link), method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("This link does not work"))
            }
            try await client.execute(uri: "/signin/verify", method: .post, headers: Self.form, body: ByteBuffer(string: "token=\(token)")) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.setCookie] == nil)
            }
        }
        #expect(try await test.store.account(email: EmailAddress("late@example.org")!) == nil)
    }
}
