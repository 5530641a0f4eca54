import Foundation
import PaperboyCore
import Testing

/// Accounts, libraries and ratings: the same behaviour from every store.
@Suite struct LibraryStoreTests {
    static func id(_ text: String) -> PaperID { PaperID.parse(text)!.id }

    @Test(arguments: StoreKind.allCases)
    func oneAccountPerAddressWhateverItsCaseAndIDsAreNeverReused(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let day = TestClock.at("2026-03-10T12:00:00Z")
            #expect(try await store.accountCount() == 0)
            let ada = try await store.account(email: EmailAddress("Ada@Example.org")!, creatingAt: day)
            let again = try await store.account(email: EmailAddress("ada@example.org")!, creatingAt: day.addingTimeInterval(60))
            #expect(again == ada)
            #expect(ada.email.value == "Ada@example.org" && ada.created == day)
            // A +tag is a mailbox of its own.
            let tagged = try await store.account(email: EmailAddress("ada+papers@example.org")!, creatingAt: day)
            #expect(tagged.id != ada.id)
            #expect(try await store.accountCount() == 2)
            #expect(try await store.account(id: ada.id) == ada)
            #expect(try await store.account(email: EmailAddress("ADA@example.org")!) == ada)
            #expect(try await store.account(email: EmailAddress("nobody@example.org")!) == nil)
            #expect(try await store.deleteAccount(id: tagged.id))
            #expect(try await store.deleteAccount(id: tagged.id) == false)
            #expect(try await store.account(id: tagged.id) == nil)
            #expect(try await store.accountCount() == 1)
            let bob = try await store.account(email: EmailAddress("bob@example.org")!, creatingAt: day)
            #expect(bob.id > tagged.id, "a deleted account's id is not given again")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func papersAreSavedIntoCollectionsRemovedAndRenamed(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            _ = try await store.upsert([paper("2603.00001", "One"), paper("2603.00002", "Two"), paper("hep-th/9108002", "Old")])
            let one = Self.id("2603.00001"), two = Self.id("2603.00002"), old = Self.id("hep-th/9108002")
            let t0 = TestClock.at("2026-03-10T12:00:00Z")
            let ada = try await store.account(email: EmailAddress("ada@example.org")!, creatingAt: t0).id
            let bob = try await store.account(email: EmailAddress("bob@example.org")!, creatingAt: t0).id
            #expect(try await store.save(one, in: "Reading", account: ada, at: t0) == true)
            #expect(try await store.save(one, in: "Reading", account: ada, at: t0.addingTimeInterval(5)) == false)
            #expect(try await store.save(old, in: "Théorie", account: ada, at: t0.addingTimeInterval(10)) == true)
            // Saved into a second collection later, a paper keeps its first date.
            #expect(try await store.save(one, in: "Diffusion", account: ada, at: t0.addingTimeInterval(20)) == true)
            #expect(try await store.save(two, in: "Reading", account: ada, at: t0.addingTimeInterval(30)) == true)
            #expect(try await store.save(Self.id("2603.09999"), in: "Reading", account: ada, at: t0) == nil)
            #expect(try await store.save(two, in: "Mine", account: bob, at: t0) == true)

            #expect(try await store.collections(account: ada).map { "\($0.name) \($0.count)" } == ["Diffusion 1", "Reading 2", "Théorie 1"])
            let all = try await store.library(account: ada, collection: nil)
            #expect(all.map(\.paper) == [two, old, one], "latest saved first")
            #expect(all.last == SavedPaper(paper: one, collections: ["Diffusion", "Reading"], saved: t0))
            #expect(try await store.library(account: ada, collection: "Reading").map(\.paper) == [two, one])
            #expect(try await store.library(account: bob, collection: nil).map(\.paper) == [two], "each reader has their own")

            // Renaming into an existing collection merges; the paper in both is there once.
            #expect(try await store.renameCollection("Diffusion", to: "Reading", account: ada) == 1)
            #expect(try await store.collections(account: ada).map { "\($0.name) \($0.count)" } == ["Reading 2", "Théorie 1"])
            #expect(try await store.renameCollection("Nothing", to: "Else", account: ada) == 0)
            #expect(try await store.renameCollection("Théorie", to: "Physics", account: ada) == 1)
            #expect(try await store.library(account: ada, collection: "Physics").map(\.paper) == [old])

            #expect(try await store.remove(one, from: "Reading", account: ada) == 1)
            #expect(try await store.remove(one, from: "Reading", account: ada) == 0)
            #expect(try await store.save(old, in: "Reading", account: ada, at: t0.addingTimeInterval(40)) == true)
            #expect(try await store.remove(old, from: nil, account: ada) == 2, "from every collection")
            #expect(try await store.collections(account: ada).map { "\($0.name) \($0.count)" } == ["Reading 1"])
            // An empty name is refused.
            await #expect(throws: (any Error).self) { _ = try await store.save(one, in: "", account: ada, at: t0) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func ratingsAreSetChangedAndCleared(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            _ = try await store.upsert([paper("2603.00001", "One"), paper("2603.00002", "Two")])
            let one = Self.id("2603.00001"), two = Self.id("2603.00002")
            let t0 = TestClock.at("2026-03-10T12:00:00Z")
            let ada = try await store.account(email: EmailAddress("ada@example.org")!, creatingAt: t0).id
            #expect(try await store.rate(one, .up, account: ada, at: t0))
            #expect(try await store.rate(two, .down, account: ada, at: t0))
            #expect(try await store.rate(one, .down, account: ada, at: t0))
            #expect(try await store.rate(Self.id("2603.09999"), .up, account: ada, at: t0) == false)
            #expect(try await store.ratings(account: ada) == [one: .down, two: .down])
            #expect(try await store.rate(two, nil, account: ada, at: t0))
            #expect(try await store.ratings(account: ada) == [one: .down])
            // No account, no rating.
            await #expect(throws: (any Error).self) { _ = try await store.rate(one, .up, account: 999, at: t0) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aDeletedAccountLeavesNothing(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            _ = try await store.upsert([paper("2603.00001", "One")])
            let one = Self.id("2603.00001")
            let t0 = TestClock.at("2026-03-10T12:00:00Z")
            let ada = try await store.account(email: EmailAddress("ada@example.org")!, creatingAt: t0).id
            _ = try await store.save(one, in: "Reading", account: ada, at: t0)
            _ = try await store.rate(one, .up, account: ada, at: t0)
            // The address's subscription (with its mail) and sign-in mail are the reader's too;
            // another reader's are not.
            for address in ["ADA@example.org", "bob@example.org"] {
                guard case .needsConfirmation(let subscription) = try await store.subscribe(Subscription(email: EmailAddress(address)!)) else {
                    Issue.record("a new address needs confirmation")
                    return
                }
                #expect(try await store.enqueue(OutboxMail(subscriptionID: subscription.id, kind: .confirm, period: "1", messageID: "<c-\(address)>",
                                                           recipient: subscription.email, message: Data("c".utf8), createdAt: t0), papers: [], digestDay: nil))
                #expect(try await store.enqueue(OutboxMail(subscriptionID: nil, kind: .signin, period: address, messageID: "<s-\(address)>",
                                                           recipient: EmailAddress(address)!, message: Data("s".utf8), createdAt: t0), papers: [], digestDay: nil))
            }
            #expect(try await store.outboxCounts()[.queued] == 4)
            #expect(try await store.deleteAccount(id: ada))
            #expect(try await store.subscription(email: EmailAddress("ada@example.org")!) == nil)
            #expect(try await store.subscription(email: EmailAddress("bob@example.org")!) != nil)
            #expect(try await store.outboxCounts()[.queued] == 2)
            #expect(try await store.library(account: ada, collection: nil).isEmpty)
            #expect(try await store.collections(account: ada).isEmpty)
            #expect(try await store.ratings(account: ada).isEmpty)
            // The same address later is a new, empty account.
            let again = try await store.account(email: EmailAddress("ada@example.org")!, creatingAt: t0)
            #expect(again.id != ada)
            #expect(try await store.library(account: again.id, collection: nil).isEmpty)
            #expect(try await store.paper(id: one) != nil, "the paper itself stays")
        }
    }
}
