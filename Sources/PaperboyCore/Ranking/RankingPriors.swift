import Foundation

/// The query-independent features of a paper (`RankingFeature`'s priors), from what the site
/// knows of it: its categories against the site's, its upvotes and votes, its age.
public struct RankingPriors: Sendable {
    /// The site's categories (`PAPERBOY_ARXIV_CATEGORIES`), or a reader's own.
    public var categories: Set<String>
    /// The day ages are counted to (the clock's today).
    public var today: Day

    public init(categories: some Sequence<String>, today: Day) {
        self.categories = Set(categories)
        self.today = today
    }

    /// 1 when the paper has one of the categories, 0 when it has only others, ½ when it has
    /// none (Hugging Face lists papers without them): unknown is neither kind.
    public func category(of paper: PaperFacts) -> Double {
        guard !paper.categories.isEmpty, !categories.isEmpty else { return 0.5 }
        return paper.categories.contains(where: categories.contains) ? 1 : 0
    }

    /// log(1 + upvotes + votes) over log(1 + 1,000), at most 1: the first votes count most.
    public func popularity(of paper: PaperFacts) -> Double {
        let votes = Double(max(0, paper.votes))
        return min(1, log1p(votes) / log1p(RankingPriors.saturatingVotes))
    }

    static let saturatingVotes = 1_000.0

    /// ½ to the power of the paper's age in years (1 today, ½ a year ago), 0 when undated;
    /// a date after today counts as today.
    public func recency(of paper: PaperFacts) -> Double {
        guard let day = paper.appeared else { return 0 }
        let age = Double(max(0, today.daysSinceEpoch - day.daysSinceEpoch))
        return pow(0.5, age / 365)
    }
}
