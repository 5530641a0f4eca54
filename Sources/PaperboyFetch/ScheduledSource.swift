import Foundation

/// A fetcher `paperboy serve` runs on a schedule: its name, when, and what one run does
/// (returning a one-line summary for the logs and the status page).
public struct ScheduledSource: Sendable {
    public enum Schedule: Sendable, CustomStringConvertible {
        /// Every so often, from the server's start.
        case every(Duration)
        /// Once a day at this UTC time.
        case daily(hour: Int, minute: Int)

        public var description: String {
            switch self {
            case .every(let interval): "every \(interval.components.seconds / 60) min"
            case .daily(let hour, let minute): String(format: "daily at %02d:%02d UTC", hour, minute)
            }
        }

        /// The next run after `date`, before jitter.
        public func next(after date: Date) -> Date {
            switch self {
            case .every(let interval):
                return date.addingTimeInterval(Double(interval.components.seconds))
            case .daily(let hour, let minute):
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: "UTC")!
                let today = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: date) ?? date
                return today > date ? today : calendar.date(byAdding: .day, value: 1, to: today) ?? date.addingTimeInterval(86_400)
            }
        }
    }

    public var name: String
    public var schedule: Schedule
    /// Up to this much random delay is added to each run, so many instances do not arrive
    /// at a source at the same second.
    public var jitter: Duration
    public var runOnStart: Bool
    public var run: @Sendable () async throws -> String

    public init(name: String, schedule: Schedule, jitter: Duration = .seconds(300), runOnStart: Bool = false,
                run: @escaping @Sendable () async throws -> String) {
        self.name = name
        self.schedule = schedule
        self.jitter = jitter
        self.runOnStart = runOnStart
        self.run = run
    }
}
