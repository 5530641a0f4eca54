import Foundation
import HummingbirdTesting
import Testing

/// The same application over a real socket on loopback.
@Suite struct LiveServerTests {
    @Test func pagesAndAPIOverRealHTTP() async throws {
        let site = try await TestSite.make()
        try await site.application.test(.live) { client in
            #expect(client.port != nil)
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("EnvHarness: Awakening Static Worlds for Agent Learning"))
            }
            try await client.execute(uri: "/api/search?q=yolov9", method: .get) { response in
                let results = response.object["results"] as? [[String: Any]] ?? []
                #expect(results.first?["id"] as? String == "2402.13616")
            }
            try await client.execute(uri: "/static/style.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(response.text.contains(".card"))
            }
        }
    }
}
