import Foundation

/// How a paper's title and abstract hold a query's words, from the positions of its terms:
/// - `titleCoverage` and `coverage`: the share of the query's words in the title, and in title
///   or abstract, each word weighted by its rarity (idf), so "the" counts for little;
/// - `proximity`: the share of the query's neighbouring word pairs that occur in the query's
///   order within `window` words of each other (in the title or in the abstract, never across
///   them): "video generation" is worth more as a phrase of the abstract than as "Video" in a
///   title and "generation" far below;
/// - `titleBM25` and `abstractBM25`: bm25 of each column alone (the keyword score mixes them
///   with fixed weights; the ranker learns its own).
public struct TextMatchFeatures: Hashable, Sendable {
    public var titleCoverage = 0.0
    public var coverage = 0.0
    public var proximity = 0.0
    public var titleBM25 = 0.0
    public var abstractBM25 = 0.0

    public init(titleCoverage: Double = 0, coverage: Double = 0, proximity: Double = 0, titleBM25: Double = 0, abstractBM25: Double = 0) {
        self.titleCoverage = titleCoverage
        self.coverage = coverage
        self.proximity = proximity
        self.titleBM25 = titleBM25
        self.abstractBM25 = abstractBM25
    }

    /// "neural networks for video generation" counts "video ... generation" within 3 words.
    public static let window = 3

    /// The query side: its distinct terms in order, each term's idf, and the columns'
    /// average lengths (in terms) for bm25.
    public struct Query: Sendable {
        public var terms: [Int]
        public var idf: [Double]
        public var averageTitle: Double
        public var averageAbstract: Double

        public init(terms: [Int], idf: [Double], averageTitle: Double, averageAbstract: Double) {
            precondition(terms.count == idf.count)
            self.terms = terms
            self.idf = idf
            self.averageTitle = max(1, averageTitle)
            self.averageAbstract = max(1, averageAbstract)
        }

        /// bm25's inverse document frequency with n of `papers` papers holding the term.
        public static func idf(papers: Int, holding n: Int) -> Double {
            max(1e-6, log((Double(papers) - Double(n) + 0.5) / (Double(n) + 0.5)))
        }
    }

    /// Reads a paper's terms in order (`see`) and gives its features.
    public struct Matcher {
        let query: Query
        var inTitle: [Int]
        var inAbstract: [Int]
        var lastPosition: [Int]
        var pairs: [Bool]
        var titleLength = 0
        var abstractLength = 0

        public init(_ query: Query) {
            self.query = query
            inTitle = Array(repeating: 0, count: query.terms.count)
            inAbstract = inTitle
            lastPosition = Array(repeating: Int.min / 2, count: query.terms.count)
            pairs = Array(repeating: false, count: max(0, query.terms.count - 1))
        }

        /// The term at `position` (positions of title and abstract must lie more than
        /// `window` apart).
        public mutating func see(_ term: Int, at position: Int, inTitle title: Bool) {
            if title { titleLength += 1 } else { abstractLength += 1 }
            // Queries are a few words: a linear search beats hashing.
            guard let index = query.terms.firstIndex(of: term) else { return }
            if title { inTitle[index] += 1 } else { inAbstract[index] += 1 }
            if index > 0, position - lastPosition[index - 1] <= TextMatchFeatures.window { pairs[index - 1] = true }
            lastPosition[index] = position
        }

        public var features: TextMatchFeatures {
            let weight = query.idf.reduce(0, +)
            guard weight > 0 else { return TextMatchFeatures() }
            var titled = 0.0, anywhere = 0.0, titleScore = 0.0, abstractScore = 0.0
            let k1 = TextIndex.k1, b = TextIndex.b
            let titleNorm = k1 * (1 - b + b * Double(titleLength) / query.averageTitle)
            let abstractNorm = k1 * (1 - b + b * Double(abstractLength) / query.averageAbstract)
            for index in query.terms.indices {
                let idf = query.idf[index]
                let t = Double(inTitle[index]), a = Double(inAbstract[index])
                if t > 0 { titled += idf }
                if t > 0 || a > 0 { anywhere += idf }
                titleScore += idf * t * (k1 + 1) / (t + titleNorm)
                abstractScore += idf * a * (k1 + 1) / (a + abstractNorm)
            }
            return TextMatchFeatures(titleCoverage: titled / weight, coverage: anywhere / weight,
                                     proximity: pairs.isEmpty ? 0 : Double(pairs.filter { $0 }.count) / Double(pairs.count),
                                     titleBM25: titleScore, abstractBM25: abstractScore)
        }
    }

    /// The features of a text already split into terms (tests, and searches without an index).
    public static func of(title: [Int], abstract: [Int], query: Query) -> TextMatchFeatures {
        var matcher = Matcher(query)
        for (position, term) in title.enumerated() { matcher.see(term, at: position, inTitle: true) }
        for (position, term) in abstract.enumerated() { matcher.see(term, at: title.count + window + position, inTitle: false) }
        return matcher.features
    }
}
