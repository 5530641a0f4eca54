import Foundation
import PaperboyCore
import Testing

/// Fetchers' progress, saved with the papers it brought, and server-wide settings.
@Suite struct FetchStateAndSettingTests {
    @Test(arguments: StoreKind.allCases)
    func progressIsSavedWithItsPapersOrNotAtAll(kind: StoreKind) async throws {
        let clock = TestClock(TestClock.at("2026-03-10T09:00:00Z"))
        try await withStore(kind, now: clock.now) { store async throws in
            #expect(try await store.fetchState("arxiv") == nil)
            #expect(try await store.fetchStates().isEmpty)
            let counts = try await store.upsert([paper("2603.00001", "One"), paper("2603.00002", "Two")], saving: ("arxiv", "{\"page\":1}"))
            #expect(counts == UpsertCounts(inserted: 2))
            #expect(try await store.fetchState("arxiv") == "{\"page\":1}")
            clock.set(TestClock.at("2026-03-10T10:00:00Z"))
            _ = try await store.upsert([paper("2603.00003", "Three")], saving: ("hf", "2026-03-10"))
            clock.set(TestClock.at("2026-03-10T11:00:00Z"))
            #expect(try await store.upsert([paper("2603.00001", "One")], saving: ("arxiv", "{\"page\":2}")) == UpsertCounts(unchanged: 1))
            // A refused batch saves no progress and no paper.
            var broken = paper("2603.00005", "Broken")
            broken.upvotes = -1
            clock.set(TestClock.at("2026-03-10T12:00:00Z"))
            await #expect(throws: (any Error).self) {
                try await store.upsert([paper("2603.00004", "Four"), broken], saving: ("arxiv", "{\"page\":3}"))
            }
            #expect(try await store.count() == 3)
            #expect(try await store.fetchState("arxiv") == "{\"page\":2}")
            let states = try await store.fetchStates()
            #expect(states.map(\.key) == ["arxiv", "hf"])
            #expect(states.map(\.value) == ["{\"page\":2}", "2026-03-10"])
            #expect(states.map(\.savedAt) == [TestClock.at("2026-03-10T11:00:00Z"), TestClock.at("2026-03-10T10:00:00Z")])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theFirstWriterOfASettingWins(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            #expect(try await store.setting("secret", orInsert: { "first" }) == "first")
            #expect(try await store.setting("secret", orInsert: { "second" }) == "first")
            #expect(try await store.setting("other", orInsert: { "third" }) == "third")
            #expect(try await store.signingSecret(configured: "configured") == "configured")
            #expect(try await store.signingSecret(configured: nil) == "first")
            // Writers racing for a new key all read the one value stored.
            let values = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<8 { group.addTask { try await store.setting("raced", orInsert: { "writer \(i)" }) } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(values.count == 1)
        }
    }
}
