import Crypto
import Foundation

/// A reader made from an author, for `paperboy eval recs`: the author's earlier papers are
/// the library a recommender learns from, the later ones the targets it should find among
/// every paper that appeared since.
public struct PseudoReader: Sendable, Equatable {
    /// The author's name, exactly as the papers spell it.
    public var name: String
    /// The first 70% (rounded up) of the author's papers by (published, id): indexes into
    /// the corpus.
    public var library: [Int]
    /// The rest.
    public var targets: [Int]
    /// The day the first target was published: candidates are the papers published on or
    /// after it, training may use only the papers before it.
    public var splitDay: Day

    public init(name: String, library: [Int], targets: [Int], splitDay: Day) {
        self.name = name
        self.library = library
        self.targets = targets
        self.splitDay = splitDay
    }

    /// What the protocol needs to know of each paper of the corpus.
    public struct Facts: Sendable {
        public var id: String
        public var published: Day?
        public var authors: [String]
        public var hasAbstract: Bool

        public init(id: String, published: Day?, authors: [String], hasAbstract: Bool) {
            self.id = id
            self.published = published
            self.authors = authors
            self.hasAbstract = hasAbstract
        }
    }

    /// The pseudo-readers of a corpus: authors with at least `minimumPapers` papers that have
    /// an abstract (and a published day), by default the `count` whose names have the lowest
    /// SHA-256 (hex of the UTF-8 name), so runs are repeatable; or the authors named in `names`
    /// (those that qualify), in that order.
    public static func choose(from papers: [Facts], minimumPapers: Int = 12, count: Int = 300, names: [String]? = nil) -> [PseudoReader] {
        var byAuthor: [String: [Int]] = [:]
        for (index, paper) in papers.enumerated() where paper.hasAbstract && paper.published != nil {
            for author in Set(paper.authors) { byAuthor[author, default: []].append(index) }
        }
        let chosen: [String]
        if let names {
            chosen = names.filter { (byAuthor[$0]?.count ?? 0) >= minimumPapers }
        } else {
            chosen = byAuthor.filter { $0.value.count >= minimumPapers }.keys
                .map { (hash: SHA256.hash(data: Data($0.utf8)).map { String(format: "%02x", $0) }.joined(), name: $0) }
                .sorted { $0.hash < $1.hash }.prefix(count).map(\.name)
        }
        return chosen.map { name in
            let own = byAuthor[name]!.sorted { (papers[$0].published!, papers[$0].id) < (papers[$1].published!, papers[$1].id) }
            let cut = (own.count * 7 + 9) / 10
            return PseudoReader(name: name, library: Array(own[..<cut]), targets: Array(own[cut...]),
                                splitDay: papers[own[cut]].published!)
        }
    }

    /// Every paper published on or after the split day that is not in the library.
    public func candidates(in papers: [Facts]) -> [Int] {
        let library = Set(self.library)
        return papers.indices.filter { index in
            guard let day = papers[index].published else { return false }
            return day >= splitDay && !library.contains(index)
        }
    }

    /// The papers a recommender may learn from besides the library: those published before
    /// the split day.
    public func history(in papers: [Facts]) -> [Int] {
        let library = Set(self.library)
        return papers.indices.filter { index in
            guard let day = papers[index].published else { return false }
            return day < splitDay && !library.contains(index)
        }
    }

    /// nDCG and recall at `cutoff` of the targets among `candidates` ranked by `scores`
    /// (indexed like the corpus; ties go to the earlier paper, so a run repeats).
    public func metrics(scores: [Float], candidates: [Int], cutoff: Int = 50) -> (ndcg: Double, recall: Double) {
        let targets = Set(self.targets)
        var top = TopScores(capacity: cutoff)
        for index in candidates { top.offer(index, scores[index]) }
        var dcg = 0.0, found = 0
        for (rank, index) in top.ranked().enumerated() where targets.contains(index) {
            dcg += 1 / log2(Double(rank + 2))
            found += 1
        }
        let ideal = (0..<min(cutoff, targets.count)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
        return (ideal > 0 ? dcg / ideal : 0, targets.isEmpty ? 0 : Double(found) / Double(targets.count))
    }
}
