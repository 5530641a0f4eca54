import Foundation

/// Picks the words that best describe a paper, to find similar papers with a BM25 query
/// ("more like this"): words frequent in the paper and rare in the collection.
public enum MoreLikeThis {
    /// One distinct term of the paper: its stem as the index stores it, the word as written
    /// (what a query must contain, since the index stems query words again) and how often it
    /// occurs in the title and in the abstract.
    public struct Term: Hashable, Sendable {
        public var stem: String
        public var word: String
        public var inTitle: Int
        public var inAbstract: Int

        public init(stem: String, word: String, inTitle: Int = 0, inAbstract: Int = 0) {
            self.stem = stem
            self.word = word
            self.inTitle = inTitle
            self.inAbstract = inAbstract
        }

        /// How much the term says about the paper. A title word the abstract repeats is
        /// central and counts `titleWeight` times; one the abstract never uses is as often a
        /// catchy metaphor ("Awakening", "Whispers") as a topic and counts as a word used twice.
        func frequency(abstractIsEmpty: Bool) -> Double {
            if inTitle > 0 && inAbstract == 0 && !abstractIsEmpty { return 2 }
            return Double(inAbstract) + MoreLikeThis.titleWeight * Double(inTitle)
        }
    }

    public static let titleWeight = 3.0
    /// How many similar papers are kept per paper (a page shows 10, the API up to this).
    public static let listLength = 30
    /// Terms in more than this share of all papers say little about any one of them.
    public static let maximumDocumentShare = 0.25
    /// Terms in fewer papers than this are names and typos more often than topics.
    public static let minimumDocuments = 3
    /// Function words and the filler of abstracts ("we propose a novel method"): frequent
    /// enough to cost, too vague to mean anything.
    public static let stopwords: Set<String> = Set("""
        a about above after again against all also am an and any are as at be because been before being below between
        both but by can could did do does doing down during each few for from further had has have having he her here
        hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other
        our ours out over own same she should so some such than that the their theirs them then there these they this
        those through to too under until up very was we were what when where which while who whom why will with would
        you your want make makes made making use used using uses via however thus therefore paper propose proposed
        proposes present presents show shows shown novel new approach approaches method methods result results based
        work study existing well first one two three way ways often yet still even across many much may might must
        within without us like including include includes etc per de la le et en un une des du les
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    /// A query word and how much it counts, relative to the best word (1).
    public struct Word: Hashable, Sendable {
        public var word: String
        public var weight: Double
    }

    /// Up to `limit` words, best first by tf·idf, each weighted by its frequency relative to
    /// the most frequent (BM25 scores each word's rarity again, so the weight leaves idf out:
    /// with it, one rare word shared with a single paper outweighs the paper's topic).
    /// A term is left out when no other paper has it (it is too rare to find anything), too
    /// common, a stopword or a bare number.
    /// A paper's distinct title and abstract terms (`TextTokenizer`), each with the first
    /// word it was written as and how often it occurs in each.
    public static func terms(of paper: Paper) -> [Term] {
        var terms: [String: Term] = [:]
        for (text, inTitle) in [(paper.title, true), (paper.abstract ?? "", false)] {
            let bytes = Array(text.utf8)
            for token in TextTokenizer.tokens(text) {
                let stem = token.text
                let word = String(decoding: bytes[token.utf8Range], as: UTF8.self)
                if inTitle {
                    terms[stem, default: Term(stem: stem, word: word)].inTitle += 1
                } else {
                    terms[stem, default: Term(stem: stem, word: word)].inAbstract += 1
                }
            }
        }
        return Array(terms.values)
    }

    public static func selectWords(_ terms: [Term], documentFrequency: [String: Int], documents: Int,
                                   limit: Int = 12) -> [Word] {
        guard documents > 1 else { return [] }
        let ceiling = max(2, Int(Double(documents) * maximumDocumentShare))
        let abstractIsEmpty = terms.allSatisfy { $0.inAbstract == 0 }
        let scored: [(word: String, stem: String, frequency: Double, score: Double)] = terms.compactMap { term in
            // A word used once in an abstract is as often incidental ("cope", "fresh") as
            // topical: a term must occur twice, or in the title.
            let frequency = term.frequency(abstractIsEmpty: abstractIsEmpty)
            guard frequency >= 2, let df = documentFrequency[term.stem], df >= minimumDocuments, df <= ceiling, term.stem.count >= 3,
                  !term.stem.allSatisfy(\.isNumber), !stopwords.contains(term.word.lowercased()) else { return nil }
            let idf = log(Double(documents) / Double(df))
            return (term.word, term.stem, frequency * idf.squareRoot(), frequency * idf)
        }
        let best = scored.sorted { ($0.score, $1.stem) > ($1.score, $0.stem) }.prefix(limit)
        guard let most = best.map(\.frequency).max() else { return [] }
        return best.map { Word(word: $0.word, weight: $0.frequency / most) }
    }
}
