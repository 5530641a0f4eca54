import Foundation

/// Picks a digest's papers from what each topic found in the digest's window.
///
/// A topic's candidates are ranked by relevance (its search score, normalised by the
/// topic's best) blended with popularity (upvotes, on a log scale normalised by the most
/// voted candidate): `relevanceWeight` of one and the rest of the other. The trending topic
/// is popularity alone. A paper found by several topics goes under the one that scores it
/// best, which is the "why" the email shows. Papers already sent to the reader never return.
public enum DigestSelection {
    public static let relevanceWeight = 0.7

    public struct Candidate: Sendable {
        public var paper: Paper
        public var topic: DigestTopic
        /// The topic's search score (higher is better, positive; for `forYou` one from the
        /// reader's ranking); ignored for trending.
        public var relevance: Double

        public init(paper: Paper, topic: DigestTopic, relevance: Double) {
            self.paper = paper
            self.topic = topic
            self.relevance = relevance
        }
    }

    public struct Section: Sendable {
        public var topic: DigestTopic
        public var papers: [Paper]
    }

    public static func select(_ candidates: [Candidate], topics: [DigestTopic], alreadySent: Set<PaperID>, limit: Int) -> [Section] {
        let fresh = candidates.filter { !alreadySent.contains($0.paper.id) }
        let maxVotes = fresh.map { Double($0.paper.totalUpvotes ?? 0) }.max() ?? 0
        let bestRelevance = Dictionary(grouping: fresh, by: \.topic).mapValues { $0.map(\.relevance).max() ?? 0 }
        func popularity(_ paper: Paper) -> Double {
            maxVotes > 0 ? log1p(Double(paper.totalUpvotes ?? 0)) / log1p(maxVotes) : 0
        }
        var best: [PaperID: (candidate: Candidate, score: Double)] = [:]
        for candidate in fresh {
            let score: Double
            if candidate.topic == .trending {
                score = popularity(candidate.paper)
            } else {
                let top = bestRelevance[candidate.topic] ?? 0
                let relevance = top > 0 ? candidate.relevance / top : 1
                score = relevanceWeight * relevance + (1 - relevanceWeight) * popularity(candidate.paper)
            }
            if let current = best[candidate.paper.id], current.score >= score { continue }
            best[candidate.paper.id] = (candidate, score)
        }
        let chosen = best.values.sorted { ($0.score, $1.candidate.paper.id.rawValue) > ($1.score, $0.candidate.paper.id.rawValue) }
            .prefix(max(0, limit))
        return topics.compactMap { topic in
            let papers = chosen.filter { $0.candidate.topic == topic }.map(\.candidate.paper)
            return papers.isEmpty ? nil : Section(topic: topic, papers: papers)
        }
    }
}
