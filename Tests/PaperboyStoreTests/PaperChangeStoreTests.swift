import Foundation
import PaperboyCore
import Testing

/// The change sequence search indexes catch up from.
@Suite struct PaperChangeStoreTests {
    @Test(arguments: StoreKind.allCases)
    func everyWriteThatChangesWhatIsSearchedTakesTheNextNumber(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            #expect(try await store.latestPaperChange() == 0)
            #expect(try await store.paperChanges(after: 0, limit: 10).isEmpty)
            let identity = try await store.storeIdentity()
            #expect(identity.count >= 16)
            _ = try await store.upsert([paper("2603.00001", "One"), paper("2603.00002", "Two"), paper("2603.00001", "One", abstract: "Merged")])
            var changes = try await store.paperChanges(after: 0, limit: 10)
            #expect(changes.map(\.sequence) == [1, 2])
            #expect(changes.map(\.id.rawValue) == ["2603.00001", "2603.00002"])
            #expect(changes[0].paper?.abstract == "Merged")
            // Unchanged, or changed only in what words do not search: no change.
            _ = try await store.upsert([paper("2603.00002", "Two")])
            _ = try await store.upsert([paper("2603.00002", "Two", upvotes: 7, sources: ["hf"])])
            #expect(try await store.latestPaperChange() == 2)
            // A new title, author list, category list or date is a change, with the paper as it is now.
            _ = try await store.upsert([paper("2603.00002", "Two", categories: ["cs.CV"])])
            _ = try await store.upsert([paper("2603.00001", "One", published: "2026-03-01")])
            #expect(try await store.latestPaperChange() == 4)
            changes = try await store.paperChanges(after: 2, limit: 10)
            #expect(changes.map(\.id.rawValue) == ["2603.00002", "2603.00001"])
            #expect(changes[0].paper?.categories == ["cs.CV"] && changes[0].paper?.upvotes == 7)
            // Pages, from any point.
            #expect(try await store.paperChanges(after: 1, limit: 2).map(\.sequence) == [2, 3])
            #expect(try await store.paperChanges(after: 4, limit: 2).isEmpty)
            #expect(try await store.storeIdentity() == identity)
        }
    }

    @Test func eachStoreHasItsOwnIdentity() async throws {
        var identities = Set<String>()
        for kind in StoreKind.allCases + StoreKind.allCases {
            try await withStore(kind) { store async throws in identities.insert(try await store.storeIdentity()) }
        }
        #expect(identities.count == 2 * StoreKind.allCases.count)
    }
}
