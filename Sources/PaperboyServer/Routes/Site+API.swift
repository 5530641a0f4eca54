import Foundation
import Hummingbird
import PaperboyCore

/// The JSON API under /api. Lists have the CLI's `--json` shape; every route is in
/// Resources/openapi.json (a test holds the two together).
extension Site {
    func addAPI(to router: Router<AppRequestContext>) {
        let api = router.group("api")
        api.getAndHead("search") { request, _ in try await self.apiSearch(request) }
        api.getAndHead("trending") { request, _ in try await self.apiTrending(request) }
        api.getAndHead("papers/{id}") { _, context in
            let id = try self.paperID(context)
            guard let paper = try await self.store.paper(id: id) else { throw AppError.paperNotFound(id.rawValue) }
            return JSONBody(value: PaperJSON(paper))
        }
        api.getAndHead("papers/{id}/similar") { request, context in
            let id = try self.paperID(context)
            let limit = try QueryParameters(request).int("limit", default: 10, in: 1...MoreLikeThis.listLength)
            guard let similar = try await self.similar(to: id, limit: limit) else { throw AppError.paperNotFound(id.rawValue) }
            return RawJSON(bytes: PaperListJSON(query: nil, total: similar.count, offset: 0, hits: similar).jsonBytes())
        }
        api.post("papers/{id}/upvote") { request, context in
            let id = try self.paperID(context)
            let (outcome, cookie) = try await self.castVote(request, context, for: id)
            var response = try JSONBody(value: VoteJSON(id: id.rawValue, outcome: outcome)).response(from: request, context: context)
            if let cookie { response.setCookie(cookie) }
            return response
        }
    }

    func apiSearch(_ request: Request) async throws -> RawJSON {
        let parameters = QueryParameters(request)
        let limit = try parameters.int("limit", default: 20, in: 1...100)
        let offset = try parameters.int("offset", default: 0, in: 0...Site.maxOffset)
        let (text, search) = try parameters.searchRequest(limit: limit, offset: offset)
        let requestedMode = try parameters.mode()
        // Nothing to search for (no words, no filter) matches nothing: an empty list, as the
        // OpenAPI document promises for a request it calls valid.
        guard !text.isEmpty || !search.query.categories.isEmpty || search.query.paperID != nil || !search.query.required.isEmpty else {
            return RawJSON(bytes: PaperListJSON(query: text, total: 0, offset: offset, mode: requestedMode ?? .keyword, hits: []).jsonBytes())
        }
        let reader = try await reader(request)
        let (results, mode) = try await self.search(search, mode: requestedMode, reader: reader)
        return RawJSON(bytes: PaperListJSON(query: text, total: results.total, offset: offset, mode: mode, hits: results.hits).jsonBytes(),
                       noStore: reader != nil)
    }

    func apiTrending(_ request: Request) async throws -> RawJSON {
        let parameters = QueryParameters(request)
        let window = try parameters.window()
        let date = try parameters.day("date")
        let limit = try parameters.int("limit", default: 20, in: 1...100)
        let offset = try parameters.int("offset", default: 0, in: 0...Site.maxOffset)
        let page = try await store.trending(TrendingRequest(window: window, date: date, limit: limit, offset: offset))
        let list = PaperListJSON(query: nil, total: page.total, offset: offset, hits: page.hits)
        func day(_ day: Day?) -> String { day.map { "\"\($0)\"" } ?? "null" }
        return RawJSON(bytes: list.jsonBytes(extra: [("from", day(page.days?.lowerBound)), ("to", day(page.days?.upperBound)),
                                               ("window", "\"\(window.rawValue)\"")]))
    }
}
