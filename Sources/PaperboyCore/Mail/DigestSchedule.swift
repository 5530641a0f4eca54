import Foundation

/// When a subscriber's digest is due, and which days of papers it covers.
public enum DigestSchedule {
    /// The digest a subscriber is due at `now`, if any: its period's local day (the day the
    /// digest is for) and the window of appearance days it covers.
    ///
    /// A daily digest is due once per local day, from the subscriber's hour. A weekly one is
    /// due once per seven days since the last. The window starts on the day of the last
    /// digest (a paper listed that day after the digest went out still gets its turn; papers
    /// already sent are filtered out by the caller) or, for a first digest, one period back.
    /// A time zone this system does not know (a row written by hand or on another system)
    /// throws: the reader is set aside with the reason rather than silently never served.
    public static func due(_ subscription: Subscription, at now: Date) throws -> (day: Day, window: ClosedRange<Day>)? {
        guard subscription.status == .active else { return nil }
        guard let zone = TimeZone(identifier: subscription.timeZone) else { throw UnknownTimeZone(identifier: subscription.timeZone) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour], from: now)
        guard let year = parts.year, let month = parts.month, let dayOfMonth = parts.day, let hour = parts.hour,
              let today = Day(year: year, month: month, day: dayOfMonth), hour >= subscription.hour else { return nil }
        if let last = subscription.lastDigestDay {
            guard today.daysSinceEpoch - last.daysSinceEpoch >= subscription.frequency.days else { return nil }
            return (today, last...today)
        }
        return (today, today.adding(days: -subscription.frequency.days)...today)
    }

    /// The time zones a reader may choose: UTC and the IANA zones this system knows
    /// (Foundation accepts more, such as "GMT+1" and "EST", which the form never offers).
    /// The OpenAPI document lists exactly these.
    public static let timeZones: [String] = ["UTC"] + TimeZone.knownTimeZoneIdentifiers.filter { $0 != "UTC" }.sorted()
    private static let timeZoneSet = Set(timeZones)

    public static func isValidTimeZone(_ identifier: String) -> Bool {
        timeZoneSet.contains(identifier)
    }

    public struct UnknownTimeZone: Error, CustomStringConvertible {
        public let identifier: String
        public var description: String { "unknown time zone \"\(identifier)\"" }
    }
}

extension DigestSchedule {
    /// The subscriber's local day at `now`.
    public static func today(in subscription: Subscription, at now: Date) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: subscription.timeZone) ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? Day(now)
    }
}
