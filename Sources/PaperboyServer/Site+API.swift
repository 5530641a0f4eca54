import Foundation
import Hummingbird
import PaperboyCore

/// The JSON API under /api. Lists have the CLI's `--json` shape; every route is in
/// Resources/openapi.json (a test holds the two together).
extension Site {
    func addAPI(to router: Router<AppRequestContext>) {
        let api = router.group("api")
        api.get("search") { request, _ in try await self.apiSearch(request) }
        api.get("trending") { request, _ in try await self.apiTrending(request) }
        api.get("papers/{id}") { _, context in
            let id = try self.paperID(context)
            guard let paper = try await self.store.paper(id: id) else { throw AppError.paperNotFound(id.rawValue) }
            return JSONBody(value: PaperJSON(paper))
        }
        api.get("papers/{id}/similar") { request, context in
            let id = try self.paperID(context)
            let limit = try QueryParameters(request).int("limit", default: 10, in: 1...50)
            guard let similar = try await self.store.similar(to: id, limit: limit) else { throw AppError.paperNotFound(id.rawValue) }
            return JSONBody(value: PaperListJSON(query: nil, total: similar.count, offset: 0, hits: similar))
        }
        api.post("papers/{id}/upvote") { request, context in
            let id = try self.paperID(context)
            let (outcome, cookie) = try await self.castVote(request, context, for: id)
            var response = try JSONBody(value: VoteJSON(id: id.rawValue, outcome: outcome)).response(from: request, context: context)
            if let cookie { response.setCookie(cookie) }
            return response
        }
    }

    func apiSearch(_ request: Request) async throws -> JSONBody<PaperListJSON> {
        let parameters = QueryParameters(request)
        let limit = try parameters.int("limit", default: 20, in: 1...100)
        let offset = try parameters.int("offset", default: 0, in: 0...Site.maxOffset)
        let (text, search) = try parameters.searchRequest(limit: limit, offset: offset)
        guard !text.isEmpty || !search.query.categories.isEmpty || search.query.paperID != nil || !search.query.required.isEmpty else {
            throw AppError.badParameter("q", "a query (or a category or author filter) is required")
        }
        let results = try await store.search(search)
        return JSONBody(value: PaperListJSON(query: text, total: results.total, offset: offset, hits: results.hits))
    }

    func apiTrending(_ request: Request) async throws -> JSONBody<TrendingJSON> {
        let parameters = QueryParameters(request)
        let window = try parameters.window()
        let date = try parameters.day("date")
        let limit = try parameters.int("limit", default: 20, in: 1...100)
        let offset = try parameters.int("offset", default: 0, in: 0...Site.maxOffset)
        let page = try await store.trending(TrendingRequest(window: window, date: date, limit: limit, offset: offset))
        return JSONBody(value: TrendingJSON(window: window, page: page, offset: offset))
    }
}

/// `/api/trending`: the list plus the window it covers.
struct TrendingJSON: Encodable {
    let window: TrendingWindow
    let from: String?
    let to: String?
    let list: PaperListJSON

    init(window: TrendingWindow, page: TrendingPage, offset: Int) {
        self.window = window
        from = page.days?.lowerBound.description
        to = page.days?.upperBound.description
        list = PaperListJSON(query: nil, total: page.total, offset: offset, hits: page.hits)
    }

    enum CodingKeys: String, CodingKey { case window, from, to }

    func encode(to encoder: any Encoder) throws {
        try list.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(window, forKey: .window)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
    }
}

/// `POST /api/papers/{id}/upvote`.
struct VoteJSON: Encodable {
    let id: String
    let upvotes: Int
    /// False when this visitor had already voted (nothing changed).
    let counted: Bool

    init(id: String, outcome: VoteOutcome) {
        self.id = id
        upvotes = outcome.total
        if case .counted = outcome { counted = true } else { counted = false }
    }
}

/// `{"error": {"status": 400, "message": "...", "parameter": "limit"}}`.
struct ErrorJSON: Encodable {
    struct Body: Encodable {
        let status: Int
        let message: String
        let parameter: String?

        enum CodingKeys: String, CodingKey { case status, message, parameter }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(status, forKey: .status)
            try c.encode(message, forKey: .message)
            try c.encode(parameter, forKey: .parameter)
        }
    }

    let error: Body
}
