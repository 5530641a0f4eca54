import PaperboyCore

/// A search's published-day window as the index keeps days (yyyymmdd numbers, 0 for none):
/// with either end set, a paper without a day is outside it.
struct DayWindow {
    let lowest: Int32?
    let highest: Int32?

    init(since: Day?, until: Day?) {
        lowest = since.map { Int32($0.number) }
        highest = until.map { Int32($0.number) }
    }

    func admits(_ day: Int32) -> Bool {
        guard lowest != nil || highest != nil else { return true }
        return day != 0 && !(lowest.map { day < $0 } ?? false) && !(highest.map { day > $0 } ?? false)
    }
}
