import Foundation
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyServer
import Testing

@Suite struct AdminAndSchedulingTests {
    static let token = "an-admin-token-of-some-length"

    @Test func theSourcesPageNeedsTheAdminToken() async throws {
        var settings = TestSite.relaxedSettings
        settings.adminToken = Self.token
        let test = try await TestSite.make(settings: settings)
        _ = try await test.store.upsert([], saving: ("oai|https://example.org/oai|arXiv|cs", #"{"resumptionToken":"6967186|1041","pages":2}"#))
        let basic = "Basic " + Data("admin:\(Self.token)".utf8).base64EncodedString()
        try await test.test { client in
            try await client.execute(uri: "/admin/sources", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            }
            for wrong in ["Bearer nope", "Basic " + Data("admin:nope".utf8).base64EncodedString(), "Token \(Self.token)"] {
                try await client.execute(uri: "/admin/sources", method: .get, headers: [.authorization: wrong]) { response in
                    #expect(response.status == .unauthorized, "\(wrong)")
                }
            }
            for good in ["Bearer \(Self.token)", basic] {
                try await client.execute(uri: "/admin/sources", method: .get, headers: [.authorization: good]) { response in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("oai|https://example.org/oai|arXiv|cs"))
                    #expect(response.text.contains("6967186|1041"))
                    #expect(response.headers[.cacheControl] == "no-store")
                }
            }
        }
        // Without a configured token the pages do not exist.
        let closed = try await TestSite.make()
        try await closed.test { client in
            try await client.execute(uri: "/admin/sources", method: .get, headers: [.authorization: "Bearer \(Self.token)"]) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func aWakeUpEndsAWaitAndTimeoutsDoNotLeakIntoTheNextWait() async {
        let signal = WakeUpSignal()
        let clock = ContinuousClock()
        signal.signal()
        let early = await clock.measure { await signal.wait(upTo: .seconds(30)) }
        #expect(early < .seconds(5), "a signal given before the wait ends it")
        // Each wait that times out lasts its full time (a leaked timer would end the next at once).
        for _ in 0..<3 {
            let waited = await clock.measure { await signal.wait(upTo: .milliseconds(200)) }
            #expect(waited >= .milliseconds(200))
        }
    }
}
