import Foundation
import PaperboyCore
import Testing

/// Sessions shared through the store, and sign-in links that work once.
@Suite struct SessionStoreTests {
    @Test(arguments: StoreKind.allCases)
    func aSessionOpensItsAccountUntilItExpiresOrEnds(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let t0 = TestClock.at("2026-03-10T12:00:00Z")
            let ada = try await store.account(email: EmailAddress("ada@example.org")!, creatingAt: t0)
            try await store.createSession(tokenHash: "h1", account: ada.id, expires: t0.addingTimeInterval(3_600))
            try await store.createSession(tokenHash: "h2", account: ada.id, expires: t0.addingTimeInterval(60))
            #expect(try await store.sessionAccount(tokenHash: "h1", at: t0) == ada)
            #expect(try await store.sessionAccount(tokenHash: "nope", at: t0) == nil)
            // Expired at its expiry time, not a second later.
            #expect(try await store.sessionAccount(tokenHash: "h2", at: t0.addingTimeInterval(59)) == ada)
            #expect(try await store.sessionAccount(tokenHash: "h2", at: t0.addingTimeInterval(60)) == nil)
            #expect(try await store.deleteExpiredSessions(before: t0.addingTimeInterval(60)) == 1)
            try await store.deleteSession(tokenHash: "h1")
            #expect(try await store.sessionAccount(tokenHash: "h1", at: t0) == nil)
            // No account, no session.
            await #expect(throws: (any Error).self) { try await store.createSession(tokenHash: "h3", account: 999, expires: t0) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func deletingAnAccountEndsItsSessions(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let t0 = TestClock.at("2026-03-10T12:00:00Z")
            let ada = try await store.account(email: EmailAddress("ada@example.org")!, creatingAt: t0)
            try await store.createSession(tokenHash: "h1", account: ada.id, expires: t0.addingTimeInterval(3_600))
            #expect(try await store.deleteAccount(id: ada.id))
            #expect(try await store.sessionAccount(tokenHash: "h1", at: t0) == nil)
            // The same address signs in again to a new account; the old session stays dead.
            let again = try await store.account(email: EmailAddress("ada@example.org")!, creatingAt: t0)
            #expect(again.id != ada.id)
            #expect(try await store.sessionAccount(tokenHash: "h1", at: t0) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aLoginNonceIsSpentOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            let t0 = TestClock.at("2026-03-10T12:00:00Z")
            #expect(try await store.spendLoginNonce("n1", expires: t0.addingTimeInterval(900)))
            #expect(try await store.spendLoginNonce("n1", expires: t0.addingTimeInterval(900)) == false)
            #expect(try await store.spendLoginNonce("n2", expires: t0.addingTimeInterval(900)))
            // Cleaned up once expired (the link's own signed expiry refuses it by then).
            #expect(try await store.deleteExpiredSessions(before: t0.addingTimeInterval(900)) == 2)
        }
    }
}
