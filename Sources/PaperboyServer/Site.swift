import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Logging
import PaperboyCore
import PaperboyEmbed
import PaperboySearch
import PaperboyFetch
import PaperboyMail

/// Everything the routes share: the store, the settings and the server's helpers.
public struct Site: Sendable {
    /// What the site reads and writes: every aggregate (the background services and the
    /// digest runner each ask for fewer).
    public typealias Store = PaperStore & FetchStateStore & VoteStore & EmbeddingStore & SimilarListStore & SettingStore
        & SubscriptionStore & OutboxStore & JobProblemStore & PaperChangeStore & AccountStore & LibraryStore & SessionStore
        & JobLeaseStore

    let store: any Store
    public let settings: ServerSettings
    let templates: Templates
    let resources: SiteResources
    let visitors: VisitorIdentity
    let crossSite: CrossSiteGuard
    let voteLimiter: RateLimiter
    /// Subscription requests: per client address and per email address.
    let subscribeLimiter: RateLimiter
    let addressLimiter: RateLimiter
    let tokens: SubscriptionTokens
    let sessions: ReaderSessions
    let signInTokens: SignInTokens
    public let mailer: DigestRunner
    /// Wakes the digest scheduler when there is mail to send now.
    let mailWakeUp = WakeUpSignal()
    /// The fetchers `serve` runs on a schedule, and what they did.
    let fetchSources: [ScheduledSource]
    let fetchBoard = FetchStatusBoard()
    let trendingCache: ExpiringCache<ByteBuffer>
    /// Each signed-in reader's own categories for hybrid ranking (`ReaderCategories`; empty:
    /// the site's), by account, for a minute: a library's drift shows within one, on every server.
    let readerCategories = ExpiringCache<[String]>(lifetime: 60, capacity: 4_096)
    /// Search in every mode, and similar papers by meaning.
    let searcher: PaperSearcher
    /// Readers' models and the corpus they share (`RecommenderService` builds it).
    public let recommender: Recommender
    /// The keyword index this process keeps (`KeywordIndexService` loads and catches it up).
    let keywordIndex: KeywordSearchService
    public let logger: Logger
    /// The one clock of the site: "now" and "today" of every page, vote and service.
    public let now: @Sendable () -> Date

    static let perPage = 20
    /// Deeper than this, paging stops: nobody reads page 500, and offsets cost.
    static let maxOffset = 10_000

    /// Loads templates, resources and the signing secret (`settings.secret`, else one generated on the
    /// first start and kept in the database).
    public init(store: any Store, settings: ServerSettings, mail: MailSetup, fetchSources: [ScheduledSource] = [],
                now: @escaping @Sendable () -> Date = { Date() }, logger: Logger) async throws {
        self.fetchSources = fetchSources
        self.now = now
        let semantic = SemanticIndex(store: store, modelDirectory: settings.modelDirectory, indexPath: settings.vectorIndexPath, logger: logger)
        // The corpus reads embeddings from the vector index rather than keeping a copy.
        let recommender = Recommender(vectors: { try? await semantic.snapshot() })
        self.recommender = recommender
        self.store = store
        self.settings = settings
        self.logger = logger
        templates = try await Templates.load()
        resources = try SiteResources.load()
        let secret = try await store.signingSecret(configured: settings.secret)
        visitors = VisitorIdentity(signer: TokenSigner(secret: secret), secureCookies: settings.publicURL.hasPrefix("https://"))
        crossSite = CrossSiteGuard(publicOrigin: settings.publicOrigin)
        voteLimiter = RateLimiter(burst: settings.voteBurst, perMinute: settings.votesPerMinute)
        subscribeLimiter = RateLimiter(burst: settings.subscribeBurst, perMinute: settings.subscriptionsPerMinute)
        addressLimiter = RateLimiter(burst: 3, perMinute: 1.0 / 60)
        tokens = SubscriptionTokens(signer: TokenSigner(secret: secret))
        sessions = ReaderSessions(tokens: SessionTokens(signer: TokenSigner(secret: secret)), secureCookies: settings.publicURL.hasPrefix("https://"))
        signInTokens = SignInTokens(signer: TokenSigner(secret: secret))
        var mailer = DigestRunner(store: store, transport: mail.transport, links: SubscriptionLinks(publicURL: settings.publicURL, tokens: tokens),
                                  settings: mail.settings, now: now, logger: logger)
        mailer.recommend = Site.digestPicks(store: store, recommender: recommender, limit: mail.settings.digestSize * 3)
        mailer.leases = store
        self.mailer = mailer
        trendingCache = ExpiringCache(lifetime: settings.trendingCacheSeconds)
        keywordIndex = KeywordSearchService(store: store, snapshotPath: settings.keywordIndexPath,
                                            logger: logger)
        var searcher = PaperSearcher(store: store, semantic: semantic, keywordIndex: keywordIndex)
        searcher.ranking = settings.hybridRanking(now: now)
        self.searcher = searcher
    }

    /// The digest's `for-you` picks: the account of the subscriber's address, its library and
    /// ratings, its model's best papers of the window. A subscriber without an account, or
    /// with nothing saved, gets none. Scores become ranks (the best 1, then down to 1/n), as the
    /// digest's selection wants positive relevance.
    public static func digestPicks(store: any Store, recommender: Recommender, limit: Int) -> DigestRunner.Recommend {
        { subscription, window in
            guard let account = try await store.account(email: subscription.email) else { return [] }
            let library = try await store.library(account: account.id, collection: nil)
            let ratings = try await store.ratings(account: account.id)
            guard !library.isEmpty || ratings.values.contains(.up) else { return [] }
            let picks = try await recommender.picks(account: account.id, library: library, ratings: ratings, days: window, limit: limit,
                                                    settings: .digest)
            let papers = Dictionary(try await store.papers(ids: picks.map(\.paper)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            return picks.enumerated().compactMap { rank, pick in
                papers[pick.paper].map { SearchHit(paper: $0, score: Double(picks.count - rank) / Double(picks.count)) }
            }
        }
    }

    /// Searches in `requested` mode, else the default (hybrid when papers have embeddings);
    /// for a signed-in reader, hybrid ranking's category prior is their own categories.
    func search(_ request: SearchRequest, mode requested: SearchMode?, reader: SignedInReader? = nil) async throws -> (SearchResults, SearchMode) {
        let mode: SearchMode
        if let requested { mode = requested } else { mode = request.sort == .stars ? .keyword : await searcher.defaultMode() }
        if let reason = try await searcher.unavailability(of: mode) { throw AppError(.serviceUnavailable, reason.prefix(1).uppercased() + reason.dropFirst() + ".") }
        var searcher = self.searcher
        if let own = await personalCategories(request, mode: mode, reader: reader) { searcher.ranking.categories = own }
        return (try await searcher.search(request, mode: mode), mode)
    }

    /// The reader's own categories when they rank this search: a hybrid search by meaning, for
    /// a signed-in reader whose papers say enough (`categories(of:)`). When their library
    /// cannot be read, the site's categories serve: the search goes on.
    func personalCategories(_ request: SearchRequest, mode: SearchMode, reader: SignedInReader?) async -> [String]? {
        guard mode == .hybrid, PaperSearcher.ranksByMeaning(request), let reader else { return nil }
        do {
            return try await categories(of: reader)
        } catch {
            logger.warning("cannot read a reader's categories", metadata: ["account": "\(reader.account.id)", "error": "\(error)"])
            return nil
        }
    }

    /// The categories of the papers a reader saved or rated up (`ReaderCategories`; the latest
    /// `readerCategoryPapers`), nil when they say too little or the category prior is off.
    func categories(of reader: SignedInReader) async throws -> [String]? {
        guard !searcher.ranking.ranker.off.contains(.category) else { return nil }
        let account = reader.account.id
        let own = try await readerCategories.value(String(account)) {
            let saved = try await store.library(account: account, collection: nil).prefix(Site.readerCategoryPapers).map(\.paper)
            let kept = Set(saved)
            // Ratings have no order but their ids': newer arXiv ids sort later.
            let liked = try await store.ratings(account: account).filter { $0.value == .up && !kept.contains($0.key) }.keys.sorted(by: >)
            let papers = try await store.papers(ids: Array((saved + liked).prefix(Site.readerCategoryPapers)))
            return ReaderCategories().categories(of: papers.map(\.categories)) ?? []
        }
        return own.isEmpty ? nil : own
    }

    /// How many of a reader's papers say what their categories are: the latest ones.
    static let readerCategoryPapers = 500

    /// Papers similar to one: nearest by meaning when it has an embedding, else by words.
    func similar(to id: PaperID, limit: Int) async throws -> [SearchHit]? {
        if let nearest = try await searcher.similar(to: id, limit: limit) { return nearest }
        return try await store.similar(to: id, limit: limit)
    }

    /// The paper id of a `{id}` path parameter (old-style ids arrive as `hep-th%2F9901001`).
    func paperID(_ context: AppRequestContext) throws -> PaperID {
        let raw = context.parameters.get("id") ?? ""
        let text = raw.removingPercentEncoding ?? raw
        guard text.count <= 100, let (id, _) = PaperID.parse(text) else {
            throw AppError(.notFound, "'\(text.prefix(100))' is not a paper id.")
        }
        return id
    }

    /// The reader the request is signed in as (by cookie or API token), if any.
    func reader(_ request: Request) async throws -> SignedInReader? {
        guard let (hash, bearer) = sessions.presented(request),
              let account = try await store.sessionAccount(tokenHash: hash, at: now()) else { return nil }
        return SignedInReader(account: account, tokenHash: hash, csrf: sessions.tokens.csrf(forSessionHash: hash), bearer: bearer)
    }

    /// The signed-in reader of a state-changing request, after the cross-site check and, for
    /// the cookie, the CSRF token (`csrf` of a form, or the `X-CSRF-Token` header of an API
    /// call); a request without a session is sent to sign in and back to `returnTo`.
    func changingReader(_ request: Request, csrf: String?, returnTo: String?) async throws -> SignedInReader {
        try crossSite.check(request)
        guard let reader = try await reader(request) else { throw AppError.signInRequired(returnTo: returnTo) }
        if !reader.bearer {
            let given = csrf ?? request.headers[ReaderSessions.csrfHeader]
            guard sessions.tokens.isValidCSRF(given, forSessionHash: reader.tokenHash) else {
                throw AppError(.forbidden, "This form has expired: go back, reload the page and try again.")
            }
        }
        return reader
    }

    /// Which of `papers` the visitor of `request` has voted for.
    func voted(_ request: Request, _ papers: [Paper]) async throws -> Set<PaperID> {
        guard let visitor = visitors.current(request) else { return [] }
        return try await store.votedPapers(by: visitor, among: papers.map(\.id))
    }

    /// The network a request comes from, as rate limits and vote caps count it: the peer,
    /// or behind a trusted proxy the client it names; an IPv6 client by its /64.
    func clientNetwork(_ request: Request, _ context: AppRequestContext) -> String {
        let forwarded = request.headers[values: Site.forwardedFor].joined(separator: ",")
        let client = ClientAddress.resolve(peer: context.remoteAddress?.ipAddress, forwardedFor: forwarded.isEmpty ? nil : forwarded,
                                           trusted: settings.trustedProxies)
        return client?.clientNetwork ?? "unknown"
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// Casts the visitor's vote: cross-site and rate checks, then the store. Makes the
    /// visitor an identity when they have none (the cookie to set is returned).
    func castVote(_ request: Request, _ context: AppRequestContext, for id: PaperID) async throws -> (VoteOutcome, Cookie?) {
        try crossSite.check(request)
        let network = clientNetwork(request, context)
        guard await voteLimiter.allow(network) else {
            throw AppError(.tooManyRequests, "Too many votes from your address; try again in a minute.")
        }
        var cookie: Cookie?
        let visitor: String
        if let current = visitors.current(request) {
            visitor = current
        } else {
            visitor = visitors.newID()
            cookie = visitors.cookie(for: visitor)
        }
        guard let outcome = try await store.vote(for: id, voter: visitor, network: network, at: now(),
                                                 networkLimit: settings.votesPerNetworkPerPaperDaily) else {
            throw AppError.paperNotFound(id.rawValue)
        }
        if case .counted = outcome {
            trendingCache.invalidate()
            Metrics.votes.increment()
            logger.info("vote counted", metadata: ["paper": "\(id.rawValue)"])
        }
        return (outcome, cookie)
    }
}
