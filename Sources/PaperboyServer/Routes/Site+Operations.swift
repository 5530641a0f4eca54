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
        let openAPI = resources.openAPI
        router.getAndHead("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
        let stylesheet = resources.stylesheet
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
}
