/// A signed-in reader's own categories, for the category prior of hybrid ranking
/// (`RankingPriors`): the categories that run through the papers they saved or rated up.
///
/// A category counts when at least `share` of those papers have it, and at most `maximum`
/// of the most frequent count, so one stray paper in a library of astrophysics does not make
/// its reader a biologist. Fewer than `minimumPapers` papers say too little: the site's
/// categories stay (nil).
public struct ReaderCategories: Sendable {
    public var minimumPapers = 3
    public var share = 0.2
    public var maximum = 6

    public init() {}

    /// The categories of a reader whose papers have these categories (one list per paper),
    /// most frequent first (ties by name); nil when there are too few papers or none stands out.
    public func categories(of papers: [[String]]) -> [String]? {
        let listed = papers.filter { !$0.isEmpty }
        guard listed.count >= minimumPapers else { return nil }
        var counts: [String: Int] = [:]
        for categories in listed {
            for category in Set(categories) { counts[category, default: 0] += 1 }
        }
        let needed = share * Double(listed.count)
        let chosen = counts.filter { Double($0.value) >= needed }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(maximum).map(\.key)
        return chosen.isEmpty ? nil : chosen
    }
}
