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
    public let terms: [String]
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
        // One text's words at a time: the whole corpus's words as strings would be the
        // largest thing in memory while the server builds its recommendations.
        fit(wordLists: texts.lazy.map(Self.words(of:)), count: texts.count, settings: settings)
    }

    /// The same from texts already split by `words(of:)`, so that fitting twice (two
    /// settings on one corpus, as `eval recs` does) splits the texts once.
    public static func fit(words texts: [[String]], settings: Settings = Settings()) -> (TfidfVectorizer, SparseRows) {
        fit(wordLists: texts, count: texts.count, settings: settings)
    }

    private static func fit(wordLists texts: some Sequence<[String]>, count: Int, settings: Settings) -> (TfidfVectorizer, SparseRows) {
        // Words are numbered as met, so a bigram is one 64-bit key rather than a string.
        var numbers: [String: UInt32] = [:]
        var words: [String] = []
        var documents: [[UInt32]] = []
        documents.reserveCapacity(count)
        for text in texts {
            documents.append(text.map { word in
                if let number = numbers[word] { return number }
                let number = UInt32(words.count)
                numbers[word] = number
                words.append(word)
                return number
            })
        }
        var unigramStats = [(df: Int32, tf: Int32)](repeating: (0, 0), count: words.count)
        var bigramStats: [UInt64: (df: Int32, tf: Int32)] = [:]
        var seenUnigrams = Set<UInt32>()
        var seenBigrams = Set<UInt64>()
        for document in documents {
            seenUnigrams.removeAll(keepingCapacity: true)
            seenBigrams.removeAll(keepingCapacity: true)
            for (index, word) in document.enumerated() {
                unigramStats[Int(word)].tf += 1
                if seenUnigrams.insert(word).inserted { unigramStats[Int(word)].df += 1 }
                guard settings.bigrams, index > 0 else { continue }
                let key = UInt64(document[index - 1]) << 32 | UInt64(word)
                bigramStats[key, default: (0, 0)].tf += 1
                if seenBigrams.insert(key).inserted { bigramStats[key]!.df += 1 }
            }
        }
        let n = documents.count
        let maxDF = Int32(settings.maxDF * Double(n))
        func kept(_ df: Int32) -> Bool { df >= settings.minDF && df <= maxDF }
        // Candidates as (key, tf, df), a unigram's key being its word number | 1 << 63.
        var candidates: [(key: UInt64, name: String, tf: Int32, df: Int32)] = []
        for (word, stats) in unigramStats.enumerated() where kept(stats.df) {
            candidates.append((UInt64(word) | 1 << 63, words[word], stats.tf, stats.df))
        }
        for (key, stats) in bigramStats where kept(stats.df) {
            candidates.append((key, words[Int(key >> 32)] + " " + words[Int(key & 0xFFFF_FFFF)], stats.tf, stats.df))
        }
        // The most frequent; ties by term, so the vocabulary is the same on every run.
        candidates.sort { $0.tf != $1.tf ? $0.tf > $1.tf : $0.name < $1.name }
        candidates = Array(candidates.prefix(settings.maxFeatures))
        candidates.sort { $0.name < $1.name }
        var unigramColumns: [String: Int32] = [:]
        var bigramColumns: [UInt64: Int32] = [:]
        var idf: [Float] = []
        // The words some feature is made of: a new text's other words add nothing, so the
        // vectorizer need not number them (most words of a corpus are in no feature).
        var inFeature = [Bool](repeating: false, count: words.count)
        for (column, candidate) in candidates.enumerated() {
            if candidate.key >> 63 == 1 {
                unigramColumns[candidate.name] = Int32(column)
                inFeature[Int(candidate.key & 0xFFFF_FFFF)] = true
            } else {
                bigramColumns[candidate.key] = Int32(column)
                inFeature[Int(candidate.key >> 32)] = true
                inFeature[Int(candidate.key & 0xFFFF_FFFF)] = true
            }
            idf.append(Float(log(Double(1 + n) / Double(1 + Int(candidate.df))) + 1))
        }
        let vectorizer = TfidfVectorizer(terms: candidates.map(\.name), idf: idf, unigramColumns: unigramColumns,
                                         bigramColumns: bigramColumns, wordNumbers: numbers.filter { inFeature[Int($0.value)] },
                                         wordCount: words.count)
        var rows = SparseRows(width: candidates.count)
        for document in documents { rows.append(vectorizer.row(numbered: document)) }
        return (vectorizer, rows.compacted())
    }

    /// The row of a new text (words never seen in fitting are ignored).
    public func row(_ text: String) -> [(column: Int32, value: Float)] {
        // A word unseen in fitting gets a number no bigram key holds.
        row(numbered: Self.words(of: text).map { wordNumbers[$0] ?? UInt32.max })
    }

    private func row(numbered document: [UInt32]) -> [(column: Int32, value: Float)] {
        var counts: [Int32: Float] = [:]
        for (index, word) in document.enumerated() {
            if word != UInt32.max, case let column = unigramColumns[Int(word)], column >= 0 { counts[column, default: 0] += 1 }
            if index > 0, document[index - 1] != UInt32.max, word != UInt32.max,
               let column = bigramColumns[UInt64(document[index - 1]) << 32 | UInt64(word)] {
                counts[column, default: 0] += 1
            }
        }
        var entries = counts.map { (column: $0.key, value: (1 + log($0.value)) * idf[Int($0.key)]) }
        entries.sort { $0.column < $1.column }
        let norm = entries.reduce(Float(0)) { $0 + $1.value * $1.value }.squareRoot()
        return norm > 0 ? entries.map { ($0.column, $0.value / norm) } : entries
    }

    private init(terms: [String], idf: [Float], unigramColumns: [String: Int32], bigramColumns: [UInt64: Int32], wordNumbers: [String: UInt32],
                 wordCount: Int) {
        self.terms = terms
        self.idf = idf
        self.bigramColumns = bigramColumns
        self.wordNumbers = wordNumbers
        var byNumber = [Int32](repeating: -1, count: wordCount)
        for (word, number) in wordNumbers { byNumber[Int(number)] = unigramColumns[word] ?? -1 }
        self.unigramColumns = byNumber
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
