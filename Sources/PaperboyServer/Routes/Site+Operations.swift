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
        let openAPI = Site.openAPIDocument()
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

    /// The OpenAPI document, with the time zones a subscription accepts filled in from the
    /// list the server validates against, so the two cannot differ.
    static func openAPIDocument() -> Data {
        let data = resource("openapi.json")
        guard var document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              var components = document["components"] as? [String: Any], var schemas = components["schemas"] as? [String: Any],
              var request = schemas["SubscriptionRequest"] as? [String: Any], var properties = request["properties"] as? [String: Any],
              var timezone = properties["timezone"] as? [String: Any] else {
            preconditionFailure("openapi.json lacks the SubscriptionRequest timezone")
        }
        timezone["enum"] = DigestSchedule.timeZones + [NSNull()]
        properties["timezone"] = timezone
        request["properties"] = properties
        schemas["SubscriptionRequest"] = request
        components["schemas"] = schemas
        document["components"] = components
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? data
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
