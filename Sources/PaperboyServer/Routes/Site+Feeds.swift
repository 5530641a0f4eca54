import Foundation
import Hummingbird
import PaperboyCore

/// Atom feeds of trending papers and of any search.
extension Site {
    func addFeeds(to router: Router<AppRequestContext>) {
        router.getAndHead("/feeds/trending.atom") { request, _ in
            let window = try QueryParameters(request).window()
            let page = try await self.store.trending(TrendingRequest(window: window, limit: 50))
            let base = self.settings.publicURL
            let feed = AtomFeed(
                id: base + "/feeds/trending.atom?window=" + window.rawValue,
                title: "Paperboy: trending papers (\(window.title.lowercased()))",
                selfURL: base + "/feeds/trending.atom?window=" + window.rawValue,
                alternateURL: base + "/" + (window == .day ? "" : "?window=" + window.rawValue),
                baseURL: base, updated: page.days?.upperBound ?? Day(now()), papers: page.hits.map(\.paper))
            return Site.atom(feed)
        }
        router.getAndHead("/feeds/search.atom") { request, _ in
            let parameters = QueryParameters(request)
            let (text, search) = try parameters.searchRequest(limit: 50, offset: 0)
            guard !text.isEmpty || !search.query.categories.isEmpty else { throw AppError.badParameter("q", "a query is required") }
            // A feed follows what is new: newest papers among good matches.
            let results = try await self.searcher.keywordSearch(search, withTotal: false)
            let papers = results.hits.map(\.paper).sorted { ($0.appeared ?? Day(year: 1900, month: 1, day: 1)!) > ($1.appeared ?? Day(year: 1900, month: 1, day: 1)!) }
            let base = self.settings.publicURL
            let query = Link.query(["q": text, "category": try parameters.text("category")])
            let feed = AtomFeed(
                id: base + "/feeds/search.atom" + query, title: "Paperboy: \(text)",
                subtitle: "Papers matching \(text)", selfURL: base + "/feeds/search.atom" + query,
                alternateURL: base + "/search" + query, baseURL: base,
                updated: papers.compactMap(\.appeared).max() ?? Day(now()), papers: papers)
            return Site.atom(feed)
        }
    }

    static func atom(_ feed: AtomFeed) -> Response {
        Response(status: .ok, headers: [.contentType: AtomFeed.mediaType], body: .init(byteBuffer: ByteBuffer(string: feed.xml())))
    }
}
