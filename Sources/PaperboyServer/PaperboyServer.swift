import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import PaperboyCore

/// Builds the web application: routes, middleware and the HTTP server.
public enum PaperboyServer {
    public static func router(site: Site) -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: HeadRequestMiddleware())
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorPageMiddleware(templates: site.templates))
        site.addPages(to: router)
        site.addAPI(to: router)
        site.addSubscriptions(to: router)
        site.addAccounts(to: router)
        site.addLibrary(to: router)
        site.addLibraryAPI(to: router)
        site.addForYou(to: router)
        site.addFeeds(to: router)
        site.addAdmin(to: router)
        site.addOperations(to: router)
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes.map { ("\($0.path)", $0.method.rawValue) }))
        return router
    }

    /// The application with its background services; `onServerRunning` receives the bound
    /// address (useful with port 0).
    public static func application(site: Site, onServerRunning: @escaping @Sendable (SocketAddress?) async -> Void = { _ in })
        -> some ApplicationProtocol {
        var application = Application(
            router: router(site: site),
            server: server(site.settings),
            configuration: .init(address: .hostname(site.settings.host, port: site.settings.port), serverName: "Paperboy"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress) },
            logger: site.logger
        )
        application.addServices(SimilarListsService(store: site.store, leases: site.store, now: site.now, logger: site.logger), DigestService(site: site),
                                EmbeddingService(site: site), KeywordIndexService(site: site), MemoryTrimService(),
                                RecommenderService(site: site))
        if !site.fetchSources.isEmpty {
            application.addServices(FetchScheduler(sources: site.fetchSources, board: site.fetchBoard, leases: site.store,
                                                   now: site.now, logger: site.logger))
        }
        return application
    }
}

extension PaperboyServer {
    /// Makes this process's metrics go to the registry /metrics serves. Called once at start
    /// by whoever composes the process (the `serve` command, the test site), before any
    /// metric is recorded.
    public static func bootstrapMetrics() {
        Metrics.bootstrap()
    }

    /// HTTP/1.1 with an idle timeout. The idle timer starts when a connection opens and
    /// stops only when a whole request head has arrived, so it is also the header-read
    /// timeout: a client that sends half a request (or nothing) is closed after
    /// `idleTimeout` seconds.
    public static func server(_ settings: ServerSettings) -> HTTPServerBuilder {
        .http1(configuration: .init(idleTimeout: .milliseconds(Int64(settings.idleTimeout * 1_000))))
    }

    /// A port that is free on `host` now, for `--port 0`: picked before the site is built, so
    /// the links it writes (emails, feeds) carry the real address.
    public static func freePort(host: String) async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: host, port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }
}
