import Foundation
import PaperboyCore

/// What `paperboy serve` was configured with (see the CLI's AppConfig for the sources).
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// The absolute base URL of the site as readers reach it, without a trailing slash:
    /// used in links that leave the site (feeds, emails).
    public var publicURL: String
    /// A fixed token-signing secret; nil keeps a generated one in the database.
    public var secret: String?
    /// Load the bundled sample papers when the database is empty.
    public var loadSample: Bool
    /// How long a rendered trending page may be served from memory. Votes cast here
    /// refresh it at once; this bounds how stale it is after another process imports.
    public var trendingCacheSeconds: Double
    /// Votes one client address may cast: `voteBurst` at once, refilled at `votesPerMinute`.
    public var voteBurst: Int
    public var votesPerMinute: Double
    /// Subscription requests one client address may make: a burst, refilled per minute.
    public var subscribeBurst: Int = 5
    public var subscriptionsPerMinute: Double = 2
    /// Minutes between runs of the digest scheduler.
    public var digestInterval: Int = 5
    /// The token that opens /admin pages (Bearer, or the password of HTTP Basic); nil
    /// keeps them closed.
    public var adminToken: String?
    /// Where the embedding model is; nil turns semantic search and embedding off.
    public var modelDirectory: String?
    /// Reverse proxies whose `X-Forwarded-For` names the client (PAPERBOY_TRUSTED_PROXIES).
    public var trustedProxies: [IPNetwork] = []
    /// Seconds a connection may stay idle, or take to send a request head, before it is closed.
    public var idleTimeout: Double = 30
    /// Votes counted per client network (an IPv4 address, an IPv6 /64), paper and day;
    /// more are kept but not counted, so dropping the cookie does not multiply a vote.
    public var votesPerNetworkPerPaperDaily = 3

    public init(host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, secret: String? = nil,
                loadSample: Bool = true, trendingCacheSeconds: Double = 30, voteBurst: Int = 20, votesPerMinute: Double = 10) {
        self.host = host
        self.port = port
        var url = publicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        while url.hasSuffix("/") { url.removeLast() }
        self.publicURL = url
        self.secret = secret
        self.loadSample = loadSample
        self.trendingCacheSeconds = trendingCacheSeconds
        self.voteBurst = voteBurst
        self.votesPerMinute = votesPerMinute
    }

    /// The scheme, host and port of `publicURL`, as browsers send it in `Origin`.
    var publicOrigin: String? {
        guard let components = URLComponents(string: publicURL), let scheme = components.scheme, let host = components.host else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}
