import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
@testable import PaperboyServer
import Testing

/// The same application over a real socket on loopback, read by URLSession. Not through
/// HummingbirdTesting's live client: it gives up after 20 s without a byte, which a slow
/// two-core machine running the whole suite at once exceeded (a starved handler, not a fault).
@Suite struct LiveServerTests {
    @Test func pagesAndAPIOverRealHTTP() async throws {
        let site = try await TestSite.make()
        let (ports, bound) = AsyncStream.makeStream(of: Int.self)
        let application = Application(router: PaperboyServer.router(site: site.site), server: PaperboyServer.server(site.site.settings),
                                      configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      onServerRunning: { bound.yield($0.localAddress?.port ?? 0) }, logger: site.site.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // A server that stops (or never binds) ends the wait for its port.
                defer { bound.finish() }
                try await application.runService(gracefulShutdownSignals: [])
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)
            func get(_ path: String) async throws -> (HTTPURLResponse, String) {
                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
                request.timeoutInterval = 600
                let (data, response) = try await URLSession.shared.data(for: request)
                return (try #require(response as? HTTPURLResponse), String(decoding: data, as: UTF8.self))
            }
            let (page, html) = try await get("/")
            #expect(page.statusCode == 200)
            #expect(html.contains("EnvHarness: Awakening Static Worlds for Agent Learning"))
            let (_, json) = try await get("/api/search?q=yolov9")
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            let results = object?["results"] as? [[String: Any]] ?? []
            #expect(results.first?["id"] as? String == "2402.13616")
            let (style, css) = try await get("/static/style.css")
            #expect(style.value(forHTTPHeaderField: "Content-Type") == "text/css; charset=utf-8")
            #expect(css.contains(".card"))
            group.cancelAll()
        }
    }
}
