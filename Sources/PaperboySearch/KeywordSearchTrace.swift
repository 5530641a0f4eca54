/// What searches given it did (`KeywordIndex.search(trace:)`): for the benchmark's report and
/// for tests that must know a path ran. Not for concurrent searches.
public final class KeywordSearchTrace {
    /// Searches answered by walking the second tiers (`KeywordIndex.walkTiers`).
    public var tierWalks = 0
    /// Papers those walks scored exactly.
    public var tierCandidates = 0

    public init() {}
}
