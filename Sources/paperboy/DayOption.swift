import ArgumentParser
import PaperboyCore

/// A day given on the command line (`--since 2026-11-30`), checked exactly.
enum DayOption {
    static func parse(_ text: String?, option: String) throws -> Day? {
        guard let text else { return nil }
        guard let day = Day(exactly: text) else { throw ValidationError("\(option): '\(text)' is not a date (YYYY-MM-DD)") }
        return day
    }
}
