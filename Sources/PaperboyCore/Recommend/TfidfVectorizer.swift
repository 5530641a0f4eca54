import Foundation

/// Tf-idf word features as arxiv-sanity-lite computes them with scikit-learn's
/// `TfidfVectorizer(strip_accents='unicode', lowercase=True, stop_words='english',
/// token_pattern=r'(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b', ngram_range=(1, 2), max_features=20000,
/// sublinear_tf=True, max_df=0.1, min_df=5)`, reproduced for the `svm_tfidf` reference of
/// `paperboy eval recs`: accents stripped (NFKD, combining marks dropped), lower case, words
/// of two or more ASCII letters, digits and underscores that start with a letter or
/// underscore, stop words removed before bigrams are formed; terms in fewer than `minDF`
/// documents or in more than `maxDF` of them dropped; the `maxFeatures` most frequent kept;
/// weights (1 + ln tf) · (ln((1 + n) / (1 + df)) + 1), each row scaled to unit length.
public struct TfidfVectorizer: Sendable {
    public struct Settings: Sendable {
        public var maxFeatures = 20_000
        public var minDF = 5
        public var maxDF = 0.1
        public var bigrams = true
        public init() {}

        /// arxiv-sanity-lite's: 20,000 features, in 5 to 10% of the papers.
        public static let arxivSanityLite = Settings()

        /// Paperboy's reader models: the 300,000 most frequent words and word pairs in at least
        /// two papers and at most 10% of them. A reader is often told apart by the rare names
        /// of their methods: 20,000 features lose them (nDCG@50 0.173 against 0.180).
        public static var paperboy: Settings {
            var settings = Settings()
            settings.maxFeatures = 300_000
            settings.minDF = 2
            return settings
        }
    }

    /// The kept terms (a bigram is two words joined by a space), by column.
    public let terms: PackedStrings
    /// Each column's inverse document frequency.
    public let idf: [Float]
    /// Each fitted word's column, by word number (-1: not a feature).
    private let unigramColumns: [Int32]
    private let bigramColumns: [UInt64: Int32]
    /// The numbers of the words some feature is made of.
    private let wordNumbers: [String: UInt32]

    /// Learns the vocabulary and document frequencies of `texts` and returns it with the
    /// texts' rows.
    public static func fit(_ texts: [String], settings: Settings = Settings()) -> (TfidfVectorizer, SparseRows) {
        var fitter = Fitter()
        for text in texts { fitter.add(text) }
        return fitter.fit(settings: settings)
    }

    /// Texts gathered one at a time for a fit, each kept only as its words' numbers, so a
    /// server fitting its corpus never holds every text at once; one fitter may be fitted
    /// with several settings (`eval recs` fits two vocabularies of one corpus).
    public struct Fitter: Sendable {
        /// Words are numbered as met, so a bigram is one 64-bit key rather than a string.
        private var numbers: [String: UInt32] = [:]
        private var words: [String] = []
        /// Every text's word numbers, end to end; text i's end at `ends[i]`.
        private var flat: [UInt32] = []
        private var ends: [Int] = []

        public init() {}

        /// How many texts were added.
        public var count: Int { ends.count }

        public mutating func add(_ text: String) {
            for word in TfidfVectorizer.words(of: text) {
                if let number = numbers[word] {
                    flat.append(number)
                } else {
                    let number = UInt32(words.count)
                    numbers[word] = number
                    words.append(word)
                    flat.append(number)
                }
            }
            ends.append(flat.count)
        }

        /// Text `index`'s word numbers.
        private func document(_ index: Int) -> ArraySlice<UInt32> { flat[(index == 0 ? 0 : ends[index - 1])..<ends[index]] }

        /// The vocabulary of the texts added, with their rows.
        public func fit(settings: Settings) -> (TfidfVectorizer, SparseRows) {
            var unigramStats = [(df: Int32, tf: Int32)](repeating: (0, 0), count: words.count)
            // The last text each word was counted in, so a document frequency counts a text once.
            var lastText = [Int32](repeating: -1, count: words.count)
            var bigramStats: [UInt64: (df: Int32, tf: Int32)] = [:]
            var seenBigrams = Set<UInt64>()
            for text in 0..<count {
                seenBigrams.removeAll(keepingCapacity: true)
                let document = document(text)
                var previous: UInt32?
                for word in document {
                    unigramStats[Int(word)].tf += 1
                    if lastText[Int(word)] != Int32(text) {
                        lastText[Int(word)] = Int32(text)
                        unigramStats[Int(word)].df += 1
                    }
                    defer { previous = word }
                    guard settings.bigrams, let previous else { continue }
                    let key = UInt64(previous) << 32 | UInt64(word)
                    bigramStats[key, default: (0, 0)].tf += 1
                    if seenBigrams.insert(key).inserted { bigramStats[key]!.df += 1 }
                }
            }
            let n = count
            let maxDF = Int32(settings.maxDF * Double(n))
            func kept(_ df: Int32) -> Bool { df >= settings.minDF && df <= maxDF }
            // Terms are ordered by name, without making the names: words are ASCII, so their
            // order is their bytes'; a pair "a b" sorts by a, then b (the space sorts before
            // any word character), and a word w as (w, before any second word).
            var rank = [UInt32](repeating: 0, count: words.count)
            for (place, word) in words.indices.sorted(by: { words[$0] < words[$1] }).enumerated() { rank[word] = UInt32(place) }
            func order(_ key: UInt64) -> UInt64 {
                key >> 63 == 1 ? UInt64(rank[Int(key & 0xFFFF_FFFF)]) << 32
                    : UInt64(rank[Int(key >> 32)]) << 32 | UInt64(rank[Int(key & 0xFFFF_FFFF)] + 1)
            }
            // Candidates as (key, order, tf, df), a unigram's key being its word number | 1 << 63.
            var candidates: [(key: UInt64, order: UInt64, tf: Int32, df: Int32)] = []
            for (word, stats) in unigramStats.enumerated() where kept(stats.df) {
                let key = UInt64(word) | 1 << 63
                candidates.append((key, order(key), stats.tf, stats.df))
            }
            for (key, stats) in bigramStats where kept(stats.df) { candidates.append((key, order(key), stats.tf, stats.df)) }
            bigramStats = [:]
            // The most frequent; ties by term, so the vocabulary is the same on every run.
            candidates.sort { $0.tf != $1.tf ? $0.tf > $1.tf : $0.order < $1.order }
            candidates.removeSubrange(min(candidates.count, settings.maxFeatures)...)
            candidates.sort { $0.order < $1.order }
            var terms = PackedStrings()
            var unigramColumns = [Int32](repeating: -1, count: words.count)
            var bigramColumns: [UInt64: Int32] = [:]
            bigramColumns.reserveCapacity(candidates.count)
            var idf: [Float] = []
            idf.reserveCapacity(candidates.count)
            // The words some feature is made of: a new text's other words add nothing, so the
            // vectorizer need not number them (most words of a corpus are in no feature).
            var inFeature = [Bool](repeating: false, count: words.count)
            for (column, candidate) in candidates.enumerated() {
                if candidate.key >> 63 == 1 {
                    let word = Int(candidate.key & 0xFFFF_FFFF)
                    unigramColumns[word] = Int32(column)
                    inFeature[word] = true
                    terms.append(words[word].utf8)
                } else {
                    let first = Int(candidate.key >> 32), second = Int(candidate.key & 0xFFFF_FFFF)
                    bigramColumns[candidate.key] = Int32(column)
                    inFeature[first] = true
                    inFeature[second] = true
                    terms.append(words[first].utf8 + [0x20] + words[second].utf8)
                }
                idf.append(Float(log(Double(1 + n) / Double(1 + Int(candidate.df))) + 1))
            }
            terms.compact()
            let vectorizer = TfidfVectorizer(terms: terms, idf: idf, unigramColumns: unigramColumns, bigramColumns: bigramColumns,
                                             wordNumbers: numbers.filter { inFeature[Int($0.value)] })
            var rows = SparseRows(width: candidates.count)
            for text in 0..<count { rows.append(vectorizer.row(numbered: document(text))) }
            return (vectorizer, rows.compacted())
        }
    }

    /// The row of a new text (words never seen in fitting are ignored).
    public func row(_ text: String) -> [(column: Int32, value: Float)] {
        // A word unseen in fitting gets a number no bigram key holds.
        row(numbered: Self.words(of: text).map { wordNumbers[$0] ?? UInt32.max })
    }

    private func row(numbered document: some Collection<UInt32>) -> [(column: Int32, value: Float)] {
        var counts: [Int32: Float] = [:]
        var previous = UInt32.max
        for word in document {
            defer { previous = word }
            guard word != UInt32.max else { continue }
            if case let column = unigramColumns[Int(word)], column >= 0 { counts[column, default: 0] += 1 }
            if previous != UInt32.max, let column = bigramColumns[UInt64(previous) << 32 | UInt64(word)] {
                counts[column, default: 0] += 1
            }
        }
        var entries = counts.map { (column: $0.key, value: (1 + log($0.value)) * idf[Int($0.key)]) }
        entries.sort { $0.column < $1.column }
        let norm = entries.reduce(Float(0)) { $0 + $1.value * $1.value }.squareRoot()
        return norm > 0 ? entries.map { ($0.column, $0.value / norm) } : entries
    }

    private init(terms: PackedStrings, idf: [Float], unigramColumns: [Int32], bigramColumns: [UInt64: Int32], wordNumbers: [String: UInt32]) {
        self.terms = terms
        self.idf = idf
        self.unigramColumns = unigramColumns
        self.bigramColumns = bigramColumns
        self.wordNumbers = wordNumbers
    }

    /// The words of `text` as the token pattern finds them, stop words removed.
    public static func words(of text: String) -> [String] {
        var result: [String] = []
        var run: [UInt8] = []
        var runIsASCII = true
        func finish() {
            defer { run.removeAll(keepingCapacity: true); runIsASCII = true }
            // The pattern's \b…\b spans a whole run of word characters: a run is a token
            // when all of it is ASCII, it starts with a letter or underscore, and has two or more.
            guard runIsASCII, run.count >= 2, !(run[0] >= 0x30 && run[0] <= 0x39) else { return }
            let word = String(decoding: run, as: UTF8.self)
            if !EnglishStopWords.words.contains(word) { result.append(word) }
        }
        for scalar in strippedOfAccents(text) {
            if isWordCharacter(scalar) {
                if scalar.isASCII {
                    let byte = UInt8(scalar.value)
                    run.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
                } else {
                    runIsASCII = false
                }
            } else {
                finish()
            }
        }
        finish()
        return result
    }

    /// NFKD, then no combining marks (scikit-learn's `strip_accents_unicode`); ASCII text is
    /// returned as it is.
    static func strippedOfAccents(_ text: String) -> [Unicode.Scalar] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Array(text.unicodeScalars) }
        return text.decomposedStringWithCompatibilityMapping.unicodeScalars
            .filter { $0.properties.canonicalCombiningClass == .notReordered }
    }

    /// Python's `\w`: letters, numbers and the underscore.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
