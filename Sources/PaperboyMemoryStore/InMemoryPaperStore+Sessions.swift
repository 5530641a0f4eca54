import Foundation
import PaperboyCore

extension InMemoryPaperStore {
    public func createSession(tokenHash: String, account: Int64, expires: Date) throws {
        guard accounts[account] != nil else { throw InMemoryStoreError.unknownAccount(account) }
        sessions[tokenHash] = (account, expires)
    }

    public func sessionAccount(tokenHash: String, at now: Date) -> Account? {
        guard let session = sessions[tokenHash], session.expires > now else { return nil }
        return accounts[session.account]
    }

    public func deleteSession(tokenHash: String) { sessions[tokenHash] = nil }

    public func deleteExpiredSessions(before now: Date) -> Int {
        let expired = sessions.filter { $0.value.expires <= now }.count + spentNonces.filter { $0.value <= now }.count
        sessions = sessions.filter { $0.value.expires > now }
        spentNonces = spentNonces.filter { $0.value > now }
        return expired
    }

    public func spendLoginNonce(_ nonce: String, expires: Date) -> Bool {
        guard spentNonces[nonce] == nil else { return false }
        spentNonces[nonce] = expires
        return true
    }
}
