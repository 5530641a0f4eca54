import Foundation
import Synchronization

/// Values kept in memory for a short time: rendered pages every visitor sees the same
/// (trending) and similar-paper lists. `invalidate()` drops everything at once when this
/// process changes the data (a vote); the time limit bounds staleness after another
/// process imports.
final class ExpiringCache<Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let expires: Double
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: Double
    private let capacity: Int

    init(lifetime: Double, capacity: Int = 256) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func get(_ key: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.expires > now else { return nil }
            return entry.value
        }
    }

    func set(_ key: String, _ value: Value, now: Double = ProcessInfo.processInfo.systemUptime) {
        guard lifetime > 0 else { return }
        entries.withLock { entries in
            if entries.count >= capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = Entry(value: value, expires: now + lifetime)
        }
    }

    /// The cached value, else `make()`'s, which is then cached.
    func value(_ key: String, _ make: () async throws -> Value) async rethrows -> Value {
        if let cached = get(key) { return cached }
        let value = try await make()
        set(key, value)
        return value
    }

    func invalidate() {
        entries.withLock { $0.removeAll() }
    }
}
