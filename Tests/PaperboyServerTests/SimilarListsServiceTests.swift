import Foundation
import Logging
import PaperboyCore
import PaperboyServer
import Testing

@Suite struct SimilarListsServiceTests {
    @Test func theServiceComputesEveryListAndStopsWhenCancelled() async throws {
        let test = try await TestSite.make()
        let missing = try await test.store.similarListsMissing()
        #expect(missing == (try await test.store.count()))
        var logger = Logger(label: "paperboy.test")
        logger.logLevel = .critical
        let service = Task { await SimilarListsService(store: test.store, logger: logger).run() }
        // Wait for the observable outcome (every list stored), with a generous deadline: alone
        // it takes 0.3 s, but in the full suite the long tests can hold both cooperative threads
        // for a minute (it failed once at 60 s on a quiet 2-core machine).
        let deadline = ContinuousClock.now + .seconds(240)
        while try await test.store.similarListsMissing() > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await test.store.similarListsMissing() == 0)
        service.cancel()
        await service.value
        // Pages now read the stored lists.
        let similar = try #require(try await test.store.similar(to: PaperID.parse("2412.04432")!.id, limit: 10))
        #expect(similar.count == 10)
    }
}
