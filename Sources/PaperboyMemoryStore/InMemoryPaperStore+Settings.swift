import PaperboyCore

extension InMemoryPaperStore {
    /// The first caller's value; `make` runs only when there is none yet.
    public func setting(_ key: String, orInsert make: @Sendable () -> String) -> String {
        if let value = settings[key] { return value }
        let value = make()
        settings[key] = value
        return value
    }
}
