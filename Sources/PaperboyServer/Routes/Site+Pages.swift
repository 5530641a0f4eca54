import Foundation
import Hummingbird
import PaperboyCore

/// The HTML pages.
extension Site {
    func addPages(to router: Router<AppRequestContext>) {
        router.getAndHead("/") { request, _ in try await self.home(request) }
        router.getAndHead("/search") { request, _ in try await self.searchPage(request) }
        router.getAndHead("/papers/{id}") { request, context in try await self.paperPage(request, context) }
        // An old-style id written with its slash (`/papers/hep-th/9108002`, as links made by
        // hand and by older Paperboy feeds are) goes to the page's one address.
        // (`id` is the archive here: the router wants one parameter name per position.)
        router.getAndHead("/papers/{id}/{number}") { _, context in
            let text = (context.parameters.get("id") ?? "") + "/" + (context.parameters.get("number") ?? "")
            guard text.utf8.count <= 100, let (id, _) = PaperID.parse(text) else { throw AppError(.notFound, "There is no page at this address.") }
            return Response(status: .movedPermanently, headers: [.location: Link.paper(id)])
        }
        router.post("/papers/{id}/upvote") { request, context in try await self.voteFromForm(request, context) }
    }

    private struct Tab {
        let label: String
        let href: String
        let current: Bool
    }

    private struct RangeView {
        let label: String
        let total: Int
        let previous: String?
        let next: String?
    }

    private struct HomeView {
        let q = ""
        let window: String
        let tabs: [Tab]
        let range: RangeView?
        let smallCollection: Bool
        let paperCount: Int
        let cards: [PaperCard]
        let hasCards: Bool
        let start: Int
        let pager: Pager?
    }

    /// Trending papers. The same for every visitor, so served from `trendingCache`.
    func home(_ request: Request) async throws -> Response {
        let parameters = QueryParameters(request, fromPageForm: true)
        let window = try parameters.window()
        let date = try parameters.day("date")
        let page = try parameters.int("page", default: 1, in: 1...(Site.maxOffset / Site.perPage))
        let key = "home|\(window.rawValue)|\(date?.description ?? "-")|\(page)"
        // Visitors all see one page, served from memory; a signed-in reader's marks their own.
        let reader = try await reader(request)
        if reader == nil, let cached = trendingCache.get(key) {
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: cached))
        }
        let result = try await store.trending(TrendingRequest(window: window, date: date, limit: Site.perPage,
                                                              offset: (page - 1) * Site.perPage))
        let paperCount = try await store.count()
        func link(window: TrendingWindow, date: Day?, page: Int = 1) -> String {
            "/" + Link.query(["window": window == .day ? nil : window.rawValue, "date": date?.description,
                              "page": page == 1 ? nil : String(page)])
        }
        let range = result.days.map { days -> RangeView in
            let last = days.upperBound
            let label = days.lowerBound == days.upperBound ? days.upperBound.description
                : "\(days.lowerBound) to \(days.upperBound)"
            let later = last.adding(days: window.days)
            return RangeView(label: label, total: result.total,
                             previous: link(window: window, date: last.adding(days: -window.days)),
                             next: later <= Day(now()) ? link(window: window, date: later) : nil)
        }
        let returnTo = link(window: window, date: date, page: page)
        let marks = try await marks(reader)
        let view = HomeView(
            window: window.rawValue,
            tabs: TrendingWindow.allCases.map { Tab(label: $0.title, href: link(window: $0, date: date), current: $0 == window) },
            range: range, smallCollection: paperCount < 1_000, paperCount: paperCount,
            cards: result.hits.map { PaperCard($0.paper, voted: false, returnTo: returnTo, marks: marks) },
            hasCards: !result.hits.isEmpty, start: (page - 1) * Site.perPage + 1,
            pager: Pager.make(total: min(result.total, Site.maxOffset), page: page, perPage: Site.perPage) {
                link(window: window, date: date, page: $0)
            })
        let body = ByteBuffer(string: templates.render(.home, view, viewer: reader))
        if reader == nil { trendingCache.set(key, body) }
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        if reader != nil { headers[.cacheControl] = "no-store" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    struct SearchView {
        let q: String
        let category: String?
        let since: String?
        let until: String?
        let problem: String?
        let modes: [MenuOption]
        let sorts: [MenuOption]
        let searched: Bool
        let summary: String
        /// The reader's own categories, when they ranked a hybrid search (`Site.categories(of:)`).
        var personal: String? = nil
        let feedHref: String?
        let cards: [PaperCard]
        let start: Int
        let pager: Pager?
    }

    /// One choice of a search form menu (mode, order).
    struct MenuOption {
        let value: String
        let label: String
        let selected: Bool

        static func sorts(selected: String?) -> [MenuOption] {
            [MenuOption(value: "", label: "Best match", selected: selected == nil || selected == "relevance"),
             MenuOption(value: "stars", label: "Most starred code", selected: selected == "stars")]
        }

        static func all(selected: String?) -> [MenuOption] {
            [MenuOption(value: "", label: "Best available", selected: selected == nil),
             MenuOption(value: "hybrid", label: "Words and meaning", selected: selected == "hybrid"),
             MenuOption(value: "keyword", label: "Exact words", selected: selected == "keyword"),
             MenuOption(value: "semantic", label: "Meaning", selected: selected == "semantic")]
        }
    }

    func searchPage(_ request: Request) async throws -> HTMLPage {
        let parameters = QueryParameters(request, fromPageForm: true)
        let raw = parameters.parameters
        do {
            let page = try parameters.int("page", default: 1, in: 1...(Site.maxOffset / Site.perPage))
            let (text, search) = try parameters.searchRequest(limit: Site.perPage, offset: (page - 1) * Site.perPage)
            let searched = !text.isEmpty || !search.query.categories.isEmpty || search.since != nil || search.until != nil
            let sort = search.sort == .relevance ? nil : search.sort.rawValue
            let requestedMode = try parameters.mode()
            let reader = try await reader(request)
            let (results, mode) = searched ? try await self.search(search, mode: requestedMode, reader: reader) : (SearchResults(total: 0, hits: []), .keyword)
            let voted = try await voted(request, results.hits.map(\.paper))
            let marks = try await marks(reader)
            let filters: [String: String?] = ["q": text.isEmpty ? nil : text, "category": try parameters.text("category"),
                                              "since": search.since?.description, "until": search.until?.description,
                                              "mode": requestedMode?.rawValue, "sort": sort]
            let returnTo = Link.search(filters.merging(["page": page == 1 ? nil : String(page)]) { $1 })
            let showing = results.hits.isEmpty ? "." : "; showing \((page - 1) * Site.perPage + 1)-\((page - 1) * Site.perPage + results.hits.count)."
            let summary = switch (results.total, mode) {
            case (0, _): "No papers match."
            case (1, _): "1 paper matches."
            case (_, .semantic): "\(results.total.formatted()) papers ranked by meaning" + showing
            case (_, .hybrid): "The \(results.total.formatted()) best papers by words and meaning" + showing
            default: "\(results.total.formatted()) papers match" + showing
            }
            let personal = results.hits.isEmpty ? nil : await personalCategories(search, mode: mode, reader: reader)?.joined(separator: ", ")
            let view = SearchView(
                q: text, category: try parameters.text("category"), since: search.since?.description,
                until: search.until?.description, problem: nil, modes: MenuOption.all(selected: requestedMode?.rawValue),
                sorts: MenuOption.sorts(selected: sort), searched: searched, summary: summary,
                personal: personal,
                feedHref: text.isEmpty ? nil : "/feeds/search.atom" + Link.query(["q": text]),
                cards: results.hits.map { PaperCard($0.paper, voted: voted.contains($0.paper.id), returnTo: returnTo, marks: marks) },
                start: (page - 1) * Site.perPage + 1,
                pager: Pager.make(total: min(results.total, Site.maxOffset), page: page, perPage: Site.perPage) {
                    Link.search(filters.merging(["page": String($0)]) { $1 })
                })
            return HTMLPage(html: templates.render(.search, view, viewer: reader), noStore: reader != nil)
        } catch let error as AppError where error.status == .badRequest || error.status == .serviceUnavailable {
            // Show the form again with the problem, keeping what the reader typed.
            let view = SearchView(q: raw["q"] ?? "", category: raw["category"], since: raw["since"], until: raw["until"],
                                  problem: error.message, modes: MenuOption.all(selected: SearchMode(rawValue: raw["mode"] ?? "")?.rawValue),
                                  sorts: MenuOption.sorts(selected: SearchRequest.Sort(rawValue: raw["sort"] ?? "")?.rawValue), searched: false, summary: "", feedHref: nil, cards: [], start: 1, pager: nil)
            return HTMLPage(html: templates.render(.search, view), status: error.status)
        }
    }

    struct PaperView {
        let q = ""
        let paper: PaperDetail
        let library: LibraryButtons
        /// The reader's collections, offered when saving.
        let collections: [String]
        let similar: [PaperCard]
        let hasSimilar: Bool
    }

    func paperPage(_ request: Request, _ context: AppRequestContext) async throws -> HTMLPage {
        let id = try paperID(context)
        guard let paper = try await store.paper(id: id) else { throw AppError.paperNotFound(id.rawValue) }
        let similar = try await self.similar(to: id, limit: 10) ?? []
        let voted = try await voted(request, [paper] + similar.map(\.paper))
        let reader = try await reader(request)
        let marks = try await marks(reader)
        let href = Link.paper(id)
        var collections: [String] = []
        if let reader { collections = try await store.collections(account: reader.account.id).map(\.name) }
        let view = PaperView(
            paper: PaperDetail(paper, voted: voted.contains(id)),
            library: LibraryButtons(id, marks: marks), collections: collections,
            similar: similar.map { PaperCard($0.paper, voted: voted.contains($0.paper.id), returnTo: href, preview: false, marks: marks) },
            hasSimilar: !similar.isEmpty)
        return HTMLPage(html: templates.render(.paper, view, viewer: reader), noStore: reader != nil)
    }

    /// The upvote button of the pages: a plain form POST, answered with a redirect back.
    func voteFromForm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = try paperID(context)
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let form = URLEncodedForm(String(buffer: body))
        let (_, cookie) = try await castVote(request, context, for: id)
        var response = Response(status: .seeOther, headers: [.location: Link.safeReturn(form["return"]) ?? Link.paper(id)])
        if let cookie { response.setCookie(cookie) }
        return response
    }
}
