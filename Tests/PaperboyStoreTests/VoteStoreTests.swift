import Foundation
import PaperboyCore
import Testing

/// Readers' votes: one per voter and paper, a few counted per network, paper and UTC day.
@Suite struct VoteStoreTests {
    static func id(_ text: String) -> PaperID { PaperID.parse(text)!.id }

    @Test(arguments: StoreKind.allCases)
    func aVoterCountsOnceAndUnknownPapersGetNoVote(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            _ = try await store.upsert([paper("2603.00001", "Voted", upvotes: 3), paper("2603.00002", "Unvoted")])
            let voted = Self.id("2603.00001"), unvoted = Self.id("2603.00002"), unknown = Self.id("2603.09999")
            let noon = TestClock.at("2026-03-10T12:00:00Z")
            #expect(try await store.vote(for: voted, voter: "ada", network: "n1", at: noon, networkLimit: 5) == .counted(total: 4))
            // Again, even from another network and day: nothing changes.
            #expect(try await store.vote(for: voted, voter: "ada", network: "n2", at: noon.addingTimeInterval(86_400), networkLimit: 5)
                == .alreadyVoted(total: 4))
            #expect(try await store.vote(for: voted, voter: "bob", network: "n1", at: noon, networkLimit: 5) == .counted(total: 5))
            #expect(try await store.vote(for: unknown, voter: "ada", network: "n1", at: noon, networkLimit: 5) == nil)
            #expect(try await store.paper(id: voted)?.localVotes == 2)
            #expect(try await store.paper(id: voted)?.totalUpvotes == 5)
            #expect(try await store.votedPapers(by: "ada", among: [voted, unvoted, unknown]) == [voted])
            #expect(try await store.votedPapers(by: "cyd", among: [voted, unvoted]) == [])
            #expect(try await store.votedPapers(by: "ada", among: []) == [])
            // A paper without Hugging Face upvotes counts local votes alone.
            #expect(try await store.vote(for: unvoted, voter: "ada", network: "n1", at: noon, networkLimit: 5) == .counted(total: 1))
            // Re-importing a paper keeps its local votes.
            #expect(try await store.upsert([paper("2603.00001", "Voted", upvotes: 3)]) == UpsertCounts(unchanged: 1))
            #expect(try await store.paper(id: voted)?.localVotes == 2)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aNetworkCountsUpToItsLimitPerPaperAndUTCDay(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            _ = try await store.upsert([paper("2603.00001", "First"), paper("2603.00002", "Second")])
            let first = Self.id("2603.00001"), second = Self.id("2603.00002")
            let late = TestClock.at("2026-03-10T23:30:00Z")
            func vote(_ id: PaperID, _ voter: String, _ network: String, _ date: Date) async throws -> VoteOutcome? {
                try await store.vote(for: id, voter: voter, network: network, at: date, networkLimit: 2)
            }
            #expect(try await vote(first, "v1", "office", late) == .counted(total: 1))
            #expect(try await vote(first, "v2", "office", late.addingTimeInterval(60)) == .counted(total: 2))
            #expect(try await vote(first, "v3", "office", late.addingTimeInterval(120)) == .limited(total: 2))
            // Another network, another paper: their own allowances.
            #expect(try await vote(first, "v4", "home", late) == .counted(total: 3))
            #expect(try await vote(second, "v3", "office", late) == .counted(total: 1))
            // An hour later it is the next UTC day, with a fresh allowance.
            #expect(try await vote(first, "v5", "office", late.addingTimeInterval(3_600)) == .counted(total: 4))
            // A vote kept uncounted is still the voter's: a second one changes nothing.
            #expect(try await vote(first, "v3", "office", late.addingTimeInterval(3_600)) == .alreadyVoted(total: 4))
            #expect(try await store.votedPapers(by: "v3", among: [first, second]) == [first, second])
            #expect(try await store.paper(id: first)?.localVotes == 4)
        }
    }
}
