import Foundation
import PaperboyCore
@testable import PaperboyServer
import PaperboySearch
import PaperboyTestSupport
import Testing

/// A signed-in reader's own categories for hybrid ranking's category prior, read from their
/// library and ratings in the store; none when the prior is off or the search has no meaning.
@Suite struct ReaderCategoryTests {
    static func reader(_ test: TestSite, email: String) async throws -> SignedInReader {
        let account = try await test.store.account(email: EmailAddress(email)!, creatingAt: Date())
        return SignedInReader(account: account, tokenHash: "h", csrf: "c", bearer: false)
    }

    @Test func savedAndLikedPapersGiveTheCategoriesUnlessThePriorIsOff() async throws {
        let test = try await TestSite.make()
        let reader = try await Self.reader(test, email: "vision@example.org")
        // Two saved computer-vision papers and one liked: cs.CV. A disliked paper says nothing.
        for id in ["2503.18438", "2506.06966"] { _ = try await test.store.save(PaperID.parse(id)!.id, in: "Vision", account: reader.account.id, at: Date()) }
        _ = try await test.store.rate(PaperID.parse("2510.08143")!.id, .up, account: reader.account.id, at: Date())
        _ = try await test.store.rate(PaperID.parse("2505.08750")!.id, .down, account: reader.account.id, at: Date())
        #expect(try await test.site.categories(of: reader) == ["cs.CV"])
        let words = SearchRequest(query: SearchQuery.parse("video generation"))
        #expect(await test.site.personalCategories(words, mode: .hybrid, reader: reader) == ["cs.CV"])
        // Not for keyword search, filters alone, an order by stars, or a visitor.
        #expect(await test.site.personalCategories(words, mode: .keyword, reader: reader) == nil)
        #expect(await test.site.personalCategories(SearchRequest(query: SearchQuery.parse("cat:cs.CV")), mode: .hybrid, reader: reader) == nil)
        #expect(await test.site.personalCategories(SearchRequest(query: SearchQuery.parse("video"), sort: .stars), mode: .hybrid, reader: reader) == nil)
        #expect(await test.site.personalCategories(words, mode: .hybrid, reader: nil) == nil)

        // Too few papers: the site's categories.
        let newcomer = try await Self.reader(test, email: "new@example.org")
        _ = try await test.store.save(PaperID.parse("2503.18438")!.id, in: "Vision", account: newcomer.account.id, at: Date())
        #expect(try await test.site.categories(of: newcomer) == nil)

        // PAPERBOY_RANKING_OFF=category: no category prior at all, the reader's neither.
        var settings = TestSite.relaxedSettings
        settings.rankingOff = [.category]
        let off = try await TestSite.make(settings: settings)
        let same = try await Self.reader(off, email: "vision@example.org")
        for id in ["2503.18438", "2506.06966", "2510.08143"] { _ = try await off.store.save(PaperID.parse(id)!.id, in: "Vision", account: same.account.id, at: Date()) }
        #expect(try await off.site.categories(of: same) == nil)
    }
}
