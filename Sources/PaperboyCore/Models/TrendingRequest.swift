
/// A request for trending papers.
///
/// **The trending score** is the number of votes a paper has: its Hugging Face upvotes plus
/// the votes cast on this Paperboy, among the papers that *appeared* within the window (the
/// `days` days ending on `date`). A paper appears on the day it was first listed (Hugging
/// Face Daily Papers, arXiv's announcement) or, without a listing, the day it was published,
/// never the day Paperboy imported it. Ties go to the newer paper, then the higher id, so
/// the order is total and paging is stable.
///
/// Votes within a fixed window, rather than votes decayed by age, match what readers of
/// daily listings expect from a "this week" tab: the most voted papers of the week, not
/// mostly today's.
public struct TrendingRequest: Hashable, Sendable {
    public var window: TrendingWindow
    /// The last day of the window; nil means the latest day with papers, up to today.
    public var date: Day?
    public var limit: Int
    public var offset: Int

    public init(window: TrendingWindow = .day, date: Day? = nil, limit: Int = 20, offset: Int = 0) {
        self.window = window
        self.date = date
        self.limit = limit
        self.offset = offset
    }

    /// The days the window covers, when it ends on `last`.
    public func days(endingOn last: Day) -> ClosedRange<Day> {
        last.adding(days: -(window.days - 1))...last
    }
}
