import Foundation
import PaperboyCore
import Testing

/// What background jobs set aside: one line per job and item, counted, newest first.
@Suite struct JobProblemStoreTests {
    @Test(arguments: StoreKind.allCases)
    func problemsAreCountedListedNewestFirstAndCleared(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let t0 = TestClock.at("2026-03-10T08:00:00Z")
            try await store.recordProblem(.embed, item: "batch 3", reason: "out of memory", at: t0)
            try await store.recordProblem(.digest, item: "subscription 1", reason: "timeout", at: t0.addingTimeInterval(60))
            try await store.recordProblem(.digest, item: "subscription 1", reason: "refused", at: t0.addingTimeInterval(120))
            try await store.recordProblem(.mail, item: "subscription 1", reason: "550", at: t0.addingTimeInterval(180))

            let all = try await store.problems(nil, limit: 10)
            #expect(all.map(\.job) == [.mail, .digest, .embed])
            let digest = try #require(all.first { $0.job == .digest })
            #expect(digest == JobProblem(job: .digest, item: "subscription 1", reason: "refused", count: 2,
                                         firstAt: t0.addingTimeInterval(60), lastAt: t0.addingTimeInterval(120)))
            #expect(try await store.problems(nil, limit: 2).map(\.job) == [.mail, .digest])
            #expect(try await store.problems(.embed, limit: 10).map(\.item) == ["batch 3"])
            #expect(try await store.problems(.digest, limit: 0).isEmpty)

            // Clearing is per job: the mail problem of the same item stays.
            try await store.clearProblem(.digest, item: "subscription 1")
            #expect(try await store.problems(.digest, limit: 10).isEmpty)
            #expect(try await store.problems(.mail, limit: 10).map(\.item) == ["subscription 1"])
            // A problem cleared and back starts counting again.
            try await store.recordProblem(.digest, item: "subscription 1", reason: "again", at: t0.addingTimeInterval(240))
            #expect(try await store.problems(.digest, limit: 10).map(\.count) == [1])

            // Items and reasons are kept short.
            try await store.recordProblem(.embed, item: String(repeating: "i", count: 300), reason: String(repeating: "r", count: 2_000),
                                          at: t0.addingTimeInterval(300))
            let long = try #require(try await store.problems(.embed, limit: 1).first)
            #expect(long.item.count == 200)
            #expect(long.reason.count == 1_000)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aLongItemIsClearedAsItWasRecorded(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let item = "line " + String(repeating: "9", count: 300)
            try await store.recordProblem(.embed, item: item, reason: "unreadable", at: TestClock.at("2026-03-10T08:00:00Z"))
            try await store.clearProblem(.embed, item: item)
            let left = try await store.problems(.embed, limit: 10)
            #expect(left.isEmpty)
        }
    }
}
