import Foundation

/// A clock a test sets by hand, for the stores' `now`.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ date: Date) { current = date }

    func now() -> Date { lock.withLock { current } }

    func set(_ date: Date) { lock.withLock { current = date } }

    /// An instant written as ISO 8601 (`2026-03-10T09:00:00Z`).
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
}
