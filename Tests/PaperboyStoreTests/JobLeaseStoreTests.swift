import Foundation
import PaperboyCore
import Testing

@Suite struct JobLeaseStoreTests {
    @Test(arguments: StoreKind.allCases)
    func oneHolderAtATimeUntilTheLeaseEndsOrIsReleased(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }
            #expect(try await store.acquireLease("fetch:arxiv", holder: "a:1", until: at(60), at: at(0)))
            // Another holder is refused while it runs; other jobs are free.
            #expect(try await store.acquireLease("fetch:arxiv", holder: "b:2", until: at(70), at: at(10)) == false)
            #expect(try await store.acquireLease("fetch:hf", holder: "b:2", until: at(70), at: at(10)))
            // The holder renews it.
            #expect(try await store.acquireLease("fetch:arxiv", holder: "a:1", until: at(120), at: at(50)))
            #expect(try await store.acquireLease("fetch:arxiv", holder: "b:2", until: at(130), at: at(70)) == false)
            // A holder that stops renewing (it died) loses it once it ends.
            #expect(try await store.acquireLease("fetch:arxiv", holder: "b:2", until: at(180), at: at(120)))
            #expect(try await store.acquireLease("fetch:arxiv", holder: "a:1", until: at(190), at: at(130)) == false)
            // Releasing by another holder does nothing; by the holder frees it at once.
            try await store.releaseLease("fetch:arxiv", holder: "a:1")
            #expect(try await store.acquireLease("fetch:arxiv", holder: "a:1", until: at(200), at: at(140)) == false)
            try await store.releaseLease("fetch:arxiv", holder: "b:2")
            #expect(try await store.acquireLease("fetch:arxiv", holder: "a:1", until: at(200), at: at(140)))
            // Holders with leases running; all of one holder's leases end together.
            #expect(try await store.acquireLease("fetch:hf", holder: "b:2", until: at(300), at: at(140)))
            #expect(try await store.leaseHolders(at: at(140)) == ["a:1", "b:2"])
            #expect(try await store.leaseHolders(at: at(500)).isEmpty)
            try await store.releaseLeases(of: "b:2")
            #expect(try await store.leaseHolders(at: at(140)) == ["a:1"])
            #expect(try await store.acquireLease("fetch:hf", holder: "a:1", until: at(200), at: at(140)))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func manyAskingAtOnceOnlyOneGetsIt(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for holder in 0..<16 {
                    group.addTask { try await store.acquireLease("embed", holder: "h:\(holder)", until: now.addingTimeInterval(60), at: now) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }
}
