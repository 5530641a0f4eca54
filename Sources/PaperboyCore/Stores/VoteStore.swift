import Foundation

/// Readers' upvotes, which count toward trending beside Hugging Face's.
public protocol VoteStore: Sendable {
    /// Records one vote of `voter`, from client `network`, for a paper; a second vote by the
    /// same voter changes nothing. It counts only while the paper has fewer than
    /// `networkLimit` counted votes from that network on that (UTC) day; past that it is
    /// kept, not counted (`.limited`). Nil when the paper is unknown.
    func vote(for id: PaperID, voter: String, network: String, at date: Date, networkLimit: Int) async throws -> VoteOutcome?
    /// Which of `ids` `voter` has voted for.
    func votedPapers(by voter: String, among ids: [PaperID]) async throws -> Set<PaperID>
}
