import Foundation
import Hummingbird
import PaperboyCore

/// Health, metrics, the OpenAPI document and static files.
extension Site {
    func addOperations(to router: Router<AppRequestContext>) {
        router.getAndHead("/healthz") { _, _ in
            let papers = try await self.store.count()
            return JSONBody(value: Health(status: "ok", papers: papers))
        }
        router.getAndHead("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: Metrics.registry.emitToBuffer())))
        }
        let openAPI = Site.resource("openapi.json")
        router.getAndHead("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
        let stylesheet = Site.resource("static/style.css")
        router.getAndHead("/static/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(bytes: stylesheet)))
        }
        router.getAndHead("/robots.txt") { _, _ in "User-agent: *\nDisallow: /api/\nDisallow: /feeds/\n" }
    }

    struct Health: Encodable {
        let status: String
        let papers: Int
    }

    /// A file shipped in Resources; a missing one is a packaging bug, caught by the tests.
    static func resource(_ path: String) -> Data {
        guard let url = Bundle.module.url(forResource: "Resources", withExtension: nil)?.appendingPathComponent(path),
              let data = try? Data(contentsOf: url) else {
            preconditionFailure("resource \(path) missing from the bundle")
        }
        return data
    }
}
