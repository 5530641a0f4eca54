import Foundation
import PaperboyCore

/// The files the site serves from its bundle, read once at start: a missing or broken one
/// stops the server with an error naming it, rather than failing a request later.
struct SiteResources: Sendable {
    let openAPI: Data
    let stylesheet: Data

    struct Missing: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "resource \(path) \(reason)" }
    }

    static func load() throws -> SiteResources {
        SiteResources(openAPI: try openAPIDocument(resource("openapi.json")), stylesheet: try resource("static/style.css"))
    }

    /// The OpenAPI document, with the time zones a subscription accepts filled in from the
    /// list the server validates against, so the two cannot differ.
    static func openAPIDocument(_ data: Data) throws -> Data {
        guard var document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              var components = document["components"] as? [String: Any], var schemas = components["schemas"] as? [String: Any],
              var request = schemas["SubscriptionRequest"] as? [String: Any], var properties = request["properties"] as? [String: Any],
              var timezone = properties["timezone"] as? [String: Any] else {
            throw Missing(path: "openapi.json", reason: "lacks the SubscriptionRequest timezone")
        }
        timezone["enum"] = DigestSchedule.timeZones + [NSNull()]
        properties["timezone"] = timezone
        request["properties"] = properties
        schemas["SubscriptionRequest"] = request
        components["schemas"] = schemas
        document["components"] = components
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    static func resource(_ path: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: "Resources", withExtension: nil)?.appendingPathComponent(path) else {
            throw Missing(path: path, reason: "is missing from the bundle")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw Missing(path: path, reason: "cannot be read: \(error)")
        }
    }
}
