import Foundation
import PaperboyCore

extension InMemoryPaperStore {
    /// One vote per voter and paper. It counts while the paper has fewer than `networkLimit`
    /// counted votes from the voter's network on the vote's UTC day; past that it is kept
    /// uncounted, so the voter still sees it as cast.
    public func vote(for id: PaperID, voter: String, network: String, at date: Date, networkLimit: Int) -> VoteOutcome? {
        guard var paper = papers[id] else { return nil }
        var cast = votes[id, default: [:]]
        guard cast[voter] == nil else { return .alreadyVoted(total: paper.totalUpvotes ?? 0) }
        let day = Day(date)
        let countedToday = cast.values.filter { $0.network == network && $0.counted && $0.day == day }.count
        let counts = countedToday < networkLimit
        cast[voter] = StoredVote(network: network, day: day, counted: counts)
        votes[id] = cast
        if counts {
            paper.localVotes += 1
            papers[id] = paper
        }
        let total = paper.totalUpvotes ?? 0
        return counts ? .counted(total: total) : .limited(total: total)
    }

    public func votedPapers(by voter: String, among ids: [PaperID]) -> Set<PaperID> {
        Set(ids.filter { votes[$0]?[voter] != nil })
    }
}
