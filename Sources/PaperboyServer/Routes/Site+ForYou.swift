import Foundation
import Hummingbird
import PaperboyCore

/// "For you": the papers of today, this week or this month that the reader's model ranks
/// highest, each with its reason, and a few papers to rate that teach the model most.
extension Site {
    func addForYou(to router: Router<AppRequestContext>) {
        router.getAndHead("/for-you") { request, _ in try await self.forYouPage(request) }
        router.getAndHead("/api/for-you") { request, context in try await self.forYouJSON(request, context) }
    }

    struct ForYouView {
        var q = ""
        let tabs: [WindowTab]
        let collection: String?
        let range: String?
        let notReady: Bool
        let needsPapers: Bool
        let cards: [PaperCard]
        let hasCards: Bool
        let rateThese: [PaperCard]
        let hasRateThese: Bool
    }

    struct WindowTab {
        let label: String
        let href: String
        let current: Bool
    }

    /// The reader's recommendations, the papers to start with when there are none yet, every
    /// paper either names, and the reader's marks for the cards (one read of the library and
    /// ratings serves all of them).
    func recommendations(_ reader: SignedInReader, collection: String?, window: TrendingWindow, limit: Int)
        async throws -> (answer: Recommender.Answer, starting: [PaperID], papers: [PaperID: Paper], marks: ReaderMarks) {
        let everything = try await store.library(account: reader.account.id, collection: nil)
        let library = collection == nil ? everything : try await store.library(account: reader.account.id, collection: collection)
        let ratings = try await store.ratings(account: reader.account.id)
        let answer = await recommender.recommend(account: reader.account.id, collection: collection, library: library, ratings: ratings,
                                                 window: window, today: Day(now()), limit: limit)
        if case .notReady = answer { recommender.startBuilding(from: store, logger: logger) }
        var ids: [PaperID] = []
        var starting: [PaperID] = []
        if case .recommended(_, let papers, let rate) = answer { ids = papers.map(\.paper) + papers.compactMap(\.like) + rate }
        if case .needsPapers = answer {
            starting = try await startingPapers(reader, window: window)
            ids = starting
        }
        let found = try await store.papers(ids: Array(Set(ids)))
        return (answer, starting, Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
                ReaderMarks(library: everything, ratings: ratings))
    }

    /// What a new reader rates first: the month's best matches of the topics their digest
    /// follows, else the trending papers of the window.
    private func startingPapers(_ reader: SignedInReader, window: TrendingWindow) async throws -> [PaperID] {
        let topics = try await store.subscription(email: reader.account.email)?.topics ?? []
        let queries = topics.compactMap { topic -> SearchQuery? in
            if case .query(let text) = topic { SearchQuery.parse(text) } else { nil }
        }
        // The month that ends on the last day with papers, as the page's windows do.
        if !queries.isEmpty, let month = await recommender.corpus?.window(days: 30, endingBy: Day(now())) {
            var lists: [[PaperID]] = []
            for query in queries.prefix(5) { lists.append(try await store.papersAppeared(in: month, matching: query, limit: 10).map(\.paper.id)) }
            // The best of each topic first, then the second best of each, and so on.
            var picked: [PaperID] = []
            for rank in 0..<10 {
                for list in lists where rank < list.count && !picked.contains(list[rank]) { picked.append(list[rank]) }
            }
            if !picked.isEmpty { return Array(picked.prefix(10)) }
        }
        return try await store.trending(TrendingRequest(window: window == .day ? .week : window, date: nil, limit: 10, offset: 0)).hits.map(\.paper.id)
    }

    private func forYouPage(_ request: Request) async throws -> HTMLPage {
        let parameters = QueryParameters(request, fromPageForm: true)
        let window = try parameters.window()
        let collection = try collectionName(try parameters.text("collection", maxLength: 400))
        func link(_ window: TrendingWindow) -> String {
            "/for-you" + Link.query(["window": window == .day ? nil : window.rawValue, "collection": collection])
        }
        guard let reader = try await reader(request) else { throw AppError.signInRequired(returnTo: link(window)) }
        let (answer, starting, papers, marks) = try await recommendations(reader, collection: collection, window: window, limit: 50)
        let here = link(window)
        var cards: [PaperCard] = []
        var rate: [PaperCard] = []
        var range: String?
        switch answer {
        case .recommended(let days, let recommended, let rateThese):
            range = days.map { $0.lowerBound == $0.upperBound ? $0.upperBound.description : "\($0.lowerBound) to \($0.upperBound)" }
            cards = recommended.compactMap { item in
                guard let paper = papers[item.paper] else { return nil }
                var card = PaperCard(paper, voted: false, returnTo: here, marks: marks)
                let like = item.like.flatMap { papers[$0] }
                card.reason = RecommendationReasonView(likeTitle: like?.title, likeHref: like.map { Link.paper($0.id) },
                                                       words: item.words.isEmpty ? nil : item.words.joined(separator: ", "))
                return card
            }
            rate = rateThese.compactMap { papers[$0] }.map { PaperCard($0, voted: false, returnTo: here, preview: false, marks: marks) }
        case .needsPapers:
            rate = starting.compactMap { papers[$0] }
                .map { PaperCard($0, voted: false, returnTo: here, preview: false, marks: marks) }
        case .notReady:
            break
        }
        let notReady = if case .notReady = answer { true } else { false }
        let needsPapers = if case .needsPapers = answer { true } else { false }
        let view = ForYouView(tabs: TrendingWindow.allCases.map { WindowTab(label: $0.title, href: link($0), current: $0 == window) },
                              collection: collection, range: range, notReady: notReady, needsPapers: needsPapers, cards: cards,
                              hasCards: !cards.isEmpty, rateThese: rate, hasRateThese: !rate.isEmpty)
        return HTMLPage(html: templates.render(.forYou, view, viewer: reader), noStore: true)
    }

    struct ForYouJSON: Encodable {
        struct Item: Encodable {
            let paper: PaperJSON
            let score: Double
            let like: Nullable<String>
            let words: [String]
        }

        let status: String
        let window: String
        let from: Nullable<String>
        let to: Nullable<String>
        let papers: [Item]
        let rateThese: [PaperJSON]
    }

    private func forYouJSON(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let parameters = QueryParameters(request)
        let window = try parameters.window()
        let collection = try collectionName(try parameters.text("collection", maxLength: 400))
        let limit = try parameters.int("limit", default: 50, in: 1...200)
        guard let reader = try await reader(request) else { throw AppError.signInRequired(returnTo: nil) }
        let (answer, starting, papers, _) = try await recommendations(reader, collection: collection, window: window, limit: limit)
        let body: ForYouJSON
        switch answer {
        case .notReady:
            throw AppError(.serviceUnavailable, "Recommendations are being prepared; try again in a minute.")
        case .needsPapers:
            body = ForYouJSON(status: "needs-papers", window: window.rawValue, from: Nullable(nil), to: Nullable(nil), papers: [],
                              rateThese: starting.compactMap { papers[$0] }.map { PaperJSON($0) })
        case .recommended(let days, let recommended, let rate):
            body = ForYouJSON(status: "ok", window: window.rawValue, from: Nullable(days?.lowerBound.description), to: Nullable(days?.upperBound.description),
                              papers: recommended.compactMap { item in
                                  papers[item.paper].map { ForYouJSON.Item(paper: PaperJSON($0), score: Double(item.score), like: Nullable(item.like?.rawValue), words: item.words) }
                              },
                              rateThese: rate.compactMap { papers[$0] }.map { PaperJSON($0) })
        }
        var response = try JSONBody(value: body).response(from: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
