import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyFetch
import PaperboyServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web site and JSON API (stops cleanly on SIGTERM or SIGINT)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address to listen on (env PAPERBOY_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (env PAPERBOY_PORT, default 8080).")
    var port: Int?

    @Option(help: "The site's absolute URL as readers reach it, for links in feeds and emails (env PAPERBOY_PUBLIC_URL, default http://HOST:PORT).")
    var publicURL: String?

    @Option(help: "The embedding model's directory, for semantic search and embedding new papers (env PAPERBOY_MODEL_DIR, default ./models/all-MiniLM-L6-v2).")
    var modelDir: String?

    @Flag(help: "Do not load the bundled sample papers into an empty database.")
    var noSample = false

    func run() async throws {
        // A long-lived process: one malloc arena a core, not glibc's eight.
        GlibcMalloc.limitArenas(to: max(2, ProcessInfo.processInfo.activeProcessorCount))
        PaperboyServer.bootstrapMetrics()
        let app = try await Bootstrap.start(global, createDatabase: true,
                                      server: .init(host: host, port: port, publicURL: publicURL, modelDirectory: modelDir), defaultLogLevel: "info")
        var settings = app.config.server
        if settings.port == 0 { settings.port = try await PaperboyServer.freePort(host: settings.host) }
        let server = settings
        if !noSample {
            try await SampleData.loadIfEmpty(into: app.store, logger: app.logger)
        }
        let site = try await Site(store: app.store, settings: server, mail: app.mailSetup(),
                                  fetchSources: ScheduledSource.standard(app.config.fetch, store: app.store, now: app.now, logger: app.logger),
                                  now: app.now, logger: app.logger)
        let store = app.store, logger = app.logger
        Task.detached(priority: .background) {
            do {
                try await store.warmUp()
            } catch {
                logger.warning("warm-up failed", metadata: ["error": "\(error)"])
            }
        }
        let application = PaperboyServer.application(site: site) { address in
            // The one line scripts and tests wait for; with --port 0 it names the real port.
            let port = address?.port ?? server.port
            let shownHost = server.host == "0.0.0.0" || server.host == "::" ? "127.0.0.1" : server.host
            let line = "Paperboy is running at http://\(shownHost.contains(":") ? "[\(shownHost)]" : shownHost):\(port)/ (database \(app.config.databasePath))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        try await application.runService()
    }
}
