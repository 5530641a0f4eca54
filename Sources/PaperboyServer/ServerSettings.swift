import Foundation
import PaperboyCore
import PaperboySearch

/// The server's part of the configuration, with its defaults written here once. The CLI
/// resolves it from flags and `PAPERBOY_*` variables (`AppConfig`) and hands it whole to
/// `Site`; tests build it directly.
public struct ServerSettings: Sendable {
    public static let defaultModelDirectory = "./models/all-MiniLM-L6-v2"

    public var host = "127.0.0.1"
    public var port = 8080
    /// The configured absolute base URL (PAPERBOY_PUBLIC_URL); nil means the server's own address.
    public var configuredPublicURL: String?
    /// A fixed token-signing secret; nil keeps a generated one in the database.
    public var secret: String?
    /// How long a rendered trending page may be served from memory. Votes cast here
    /// refresh it at once; this bounds how stale it is after another process imports.
    public var trendingCacheSeconds: Double = 30
    /// The least time between rebuilds of the recommendation corpus (each reads every paper and
    /// refits the vocabulary; it is rebuilt only when papers or embeddings changed).
    public var recommenderRefreshSeconds = 600
    /// Votes one client address may cast: `voteBurst` at once, refilled at `votesPerMinute`.
    public var voteBurst = 20
    public var votesPerMinute: Double = 10
    /// Subscription requests one client address may make: a burst, refilled per minute.
    public var subscribeBurst = 5
    public var subscriptionsPerMinute: Double = 2
    /// Minutes between runs of the digest scheduler (PAPERBOY_DIGEST_INTERVAL).
    public var digestInterval = 5
    /// The token that opens /admin pages (Bearer, or the password of HTTP Basic); nil
    /// keeps them closed.
    public var adminToken: String?
    /// Where the embedding model is (PAPERBOY_MODEL_DIR); nil turns semantic search and
    /// embedding off (tests that do not want the model).
    public var modelDirectory: String?
    /// Where the keyword index's snapshot is kept (beside the database); nil keeps the index
    /// in memory only, built from the store at each start.
    public var keywordIndexPath: String?
    /// Where the vector index is kept (beside the database); nil keeps it in memory only.
    public var vectorIndexPath: String?
    /// The site's categories, for hybrid ranking's category prior (the categories it fetches,
    /// PAPERBOY_ARXIV_CATEGORIES).
    public var rankingCategories = HybridRanking.defaultCategories
    /// Ranking features switched off (PAPERBOY_RANKING_OFF), as `recency,popularity`.
    public var rankingOff: Set<RankingFeature> = []
    /// Seconds between catch-ups of the keyword index with the store's changes.
    public var indexCatchUpInterval: Double = 1
    /// Reverse proxies whose `X-Forwarded-For` names the client (PAPERBOY_TRUSTED_PROXIES).
    public var trustedProxies: [IPNetwork] = []
    /// Seconds a connection may stay idle, or take to send a request head, before it is closed.
    public var idleTimeout: Double = 30
    /// Votes counted per client network (an IPv4 address, an IPv6 /64), paper and day;
    /// more are kept but not counted, so dropping the cookie does not multiply a vote.
    public var votesPerNetworkPerPaperDaily = 3

    public init(host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, secret: String? = nil,
                voteBurst: Int = 20, votesPerMinute: Double = 10) {
        self.host = host
        self.port = port
        self.configuredPublicURL = publicURL
        self.secret = secret
        self.voteBurst = voteBurst
        self.votesPerMinute = votesPerMinute
    }

    /// The absolute base URL of the site as readers reach it, without a trailing slash:
    /// used in links that leave the site (feeds, emails).
    public var publicURL: String {
        var url = configuredPublicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// The scheme, host and port of `publicURL`, as browsers send it in `Origin`.
    var publicOrigin: String? {
        guard let components = URLComponents(string: publicURL), let scheme = components.scheme, let host = components.host else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}

extension ServerSettings {
    /// Hybrid search's ranking as configured: the learned ranker less the features switched
    /// off, the site's categories, and today from `now` (the process's one clock).
    public func hybridRanking(now: @escaping @Sendable () -> Date) -> HybridRanking {
        var ranking = HybridRanking(ranker: .learned, categories: rankingCategories, today: { Day(now()) })
        ranking.ranker.off = rankingOff
        return ranking
    }
}
