import Foundation

/// Token buckets per key (a client address): `burst` actions at once, refilled at `perSecond`.
/// Buckets that have refilled completely are forgotten, so memory stays bounded by the
/// number of recently active clients.
public actor RateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let burst: Double
    private let perSecond: Double
    private var buckets: [String: Bucket] = [:]
    private var lastSweep = 0.0

    public init(burst: Int, perMinute: Double) {
        self.burst = Double(max(1, burst))
        perSecond = max(perMinute, 0.001) / 60
    }

    /// Takes one token for `key`; false when its bucket is empty.
    public func allow(_ key: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Bool {
        sweep(now: now)
        var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * perSecond)
        bucket.updated = now
        guard bucket.tokens >= 1 else {
            buckets[key] = bucket
            return false
        }
        bucket.tokens -= 1
        buckets[key] = bucket
        return true
    }

    private func sweep(now: Double) {
        guard now - lastSweep > 60 else { return }
        lastSweep = now
        let full = burst / perSecond
        buckets = buckets.filter { now - $0.value.updated < full }
    }
}
