import Foundation

extension Day {
    /// Days since 1970-01-01 (negative before), by Howard Hinnant's civil calendar algorithm.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `daysSinceEpoch` days after 1970-01-01, when it lies within `validYears`.
    public init?(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// The UTC day of an instant.
    public init(_ date: Date) {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        self = Day(daysSinceEpoch: days) ?? Day(year: 1970, month: 1, day: 1)!
    }

    /// This day moved by `days` (negative moves back), clamped to `validYears`.
    public func adding(days: Int) -> Day {
        Day(daysSinceEpoch: daysSinceEpoch + days)
            ?? (days < 0 ? Day(year: Day.validYears.lowerBound, month: 1, day: 1)! : Day(year: Day.validYears.upperBound, month: 12, day: 31)!)
    }

    /// Midnight UTC at the start of this day.
    public var startDate: Date { Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400) }
}

extension Day {
    /// Exactly `YYYY-MM-DD` and a real day: what a person types in a date option or
    /// parameter (the lenient `init?(_:)` also reads timestamps and RFC 2822 dates).
    public init?(exactly text: some StringProtocol) {
        let isShape = text.count == 10 && text.enumerated().allSatisfy { i, c in
            (i == 4 || i == 7) ? c == "-" : c.isASCII && c.isNumber
        }
        guard isShape, let day = Day(text) else { return nil }
        self = day
    }
}
