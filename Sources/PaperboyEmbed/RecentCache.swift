/// A bounded map that forgets its oldest entries first: for values that are cheap to keep
/// and costly to recompute (query vectors, neighbour lists). Not thread-safe; its owner
/// (an actor) serialises access.
struct RecentCache<Key: Hashable, Value> {
    let capacity: Int
    private var values: [Key: Value] = [:]
    private var order: [Key] = []

    init(capacity: Int) { self.capacity = capacity }

    subscript(key: Key) -> Value? { values[key] }

    /// Stores `value`; a key already present keeps its place in line.
    mutating func store(_ value: Value, for key: Key) {
        guard values.updateValue(value, forKey: key) == nil else { return }
        order.append(key)
        if order.count > capacity { values[order.removeFirst()] = nil }
    }

    mutating func removeAll() {
        values.removeAll()
        order.removeAll()
    }
}
