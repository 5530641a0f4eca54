import Foundation
import PaperboyCore

extension InMemoryPaperStore {
    public func account(email: EmailAddress, creatingAt date: Date) -> Account {
        if let found = accounts.values.first(where: { $0.email.value.lowercased() == email.value.lowercased() }) { return found }
        lastAccountID += 1
        let account = Account(id: lastAccountID, email: email, created: date)
        accounts[account.id] = account
        return account
    }

    public func account(id: Int64) -> Account? { accounts[id] }

    public func account(email: EmailAddress) -> Account? {
        accounts.values.first { $0.email.value.lowercased() == email.value.lowercased() }
    }

    public func accountCount() -> Int { accounts.count }

    public func deleteAccount(id: Int64) -> Bool {
        guard let account = accounts[id] else { return false }
        let address = account.email.value.lowercased()
        for subscription in subscriptions.values where subscription.email.value.lowercased() == address {
            subscriptions[subscription.id] = nil
            digestPapers[subscription.id] = nil
            outbox = outbox.filter { $0.value.mail.subscriptionID != subscription.id }
        }
        outbox = outbox.filter { !($0.value.mail.subscriptionID == nil && $0.value.mail.recipient.value.lowercased() == address) }
        libraries[id] = nil
        ratingsByAccount[id] = nil
        sessions = sessions.filter { $0.value.account != id }
        accounts[id] = nil
        return true
    }

    public func save(_ paper: PaperID, in collection: String, account: Int64, at date: Date) throws -> Bool? {
        guard papers[paper] != nil else { return nil }
        guard accounts[account] != nil else { throw InMemoryStoreError.unknownAccount(account) }
        guard !collection.isEmpty else { throw InMemoryStoreError.emptyCollection }
        var library = libraries[account, default: [:]]
        guard library[collection]?[paper] == nil else { return false }
        // A paper saved before keeps its first date in a new collection too.
        let first = library.values.compactMap { $0[paper] }.min()
        library[collection, default: [:]][paper] = first ?? date
        libraries[account] = library
        return true
    }

    public func remove(_ paper: PaperID, from collection: String?, account: Int64) -> Int {
        var removed = 0
        for name in libraries[account]?.keys.map({ $0 }) ?? [] where collection == nil || collection == name {
            if libraries[account]![name]!.removeValue(forKey: paper) != nil { removed += 1 }
            if libraries[account]![name]!.isEmpty { libraries[account]![name] = nil }
        }
        return removed
    }

    public func renameCollection(_ name: String, to newName: String, account: Int64) throws -> Int {
        guard name != newName, let moving = libraries[account]?[name] else { return 0 }
        guard !newName.isEmpty else { throw InMemoryStoreError.emptyCollection }
        libraries[account]![name] = nil
        libraries[account]![newName] = libraries[account]![newName, default: [:]].merging(moving) { min($0, $1) }
        return moving.count
    }

    public func collections(account: Int64) -> [(name: String, count: Int)] {
        // In byte order, as SQLite sorts text.
        (libraries[account] ?? [:]).map { ($0.key, $0.value.count) }.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    public func library(account: Int64, collection: String?) -> [SavedPaper] {
        let library = libraries[account] ?? [:]
        var byPaper: [PaperID: SavedPaper] = [:]
        for (name, items) in library {
            for (paper, saved) in items {
                var entry = byPaper[paper] ?? SavedPaper(paper: paper, collections: [], saved: saved)
                entry.collections.append(name)
                entry.saved = min(entry.saved, saved)
                byPaper[paper] = entry
            }
        }
        return byPaper.values
            .filter { collection == nil || $0.collections.contains(collection!) }
            .map { SavedPaper(paper: $0.paper, collections: $0.collections.sorted(), saved: $0.saved) }
            .sorted { $0.saved != $1.saved ? $0.saved > $1.saved : $0.paper < $1.paper }
    }

    public func rate(_ paper: PaperID, _ rating: Rating?, account: Int64, at date: Date) throws -> Bool {
        guard papers[paper] != nil else { return false }
        guard accounts[account] != nil else { throw InMemoryStoreError.unknownAccount(account) }
        ratingsByAccount[account, default: [:]][paper] = rating
        return true
    }

    public func ratings(account: Int64) -> [PaperID: Rating] { ratingsByAccount[account] ?? [:] }
}
