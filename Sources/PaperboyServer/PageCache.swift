import Foundation
import NIOCore
import Synchronization

/// Rendered responses kept in memory for a short time, for pages every visitor sees the
/// same (trending). `invalidate()` drops everything at once when this process changes the
/// data (a vote); the time limit bounds staleness after another process imports.
final class PageCache: Sendable {
    private struct Entry {
        let body: ByteBuffer
        let expires: Double
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: Double
    private let capacity: Int

    init(lifetime: Double, capacity: Int = 256) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func get(_ key: String, now: Double = ProcessInfo.processInfo.systemUptime) -> ByteBuffer? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.expires > now else { return nil }
            return entry.body
        }
    }

    func set(_ key: String, _ body: ByteBuffer, now: Double = ProcessInfo.processInfo.systemUptime) {
        guard lifetime > 0 else { return }
        entries.withLock { entries in
            if entries.count >= capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = Entry(body: body, expires: now + lifetime)
        }
    }

    func invalidate() {
        entries.withLock { $0.removeAll() }
    }
}
