/// Splits text into index terms exactly as the SQLite store's full-text index does
/// (`tokenize='porter unicode61 remove_diacritics 2'`): `unicode61` cuts the text into runs
/// of letters, digits and private-use or unassigned characters (combining diacritics may
/// continue a run), lower-cases them and strips diacritics (`Unicode61`); then `porter`
/// stems each run (`PorterStemmer`). Queries go through the same steps, so "Learned" finds
/// "learning" and "Muller" finds "Müller".
public enum TextTokenizer {
    /// One token of a text.
    public struct Token: Hashable, Sendable {
        /// The term as the index holds it. Bytes, not a `String`, because FTS5 compares terms
        /// byte for byte: Swift would call a precomposed and a decomposed Hangul syllable
        /// equal, and a stem can end inside a multi-byte character (see `PorterStemmer`).
        public var term: [UInt8]
        /// Where the token's text lies in the input, as UTF-8 offsets.
        public var utf8Range: Range<Int>

        public init(term: [UInt8], utf8Range: Range<Int>) {
            self.term = term
            self.utf8Range = utf8Range
        }

        /// The term as text (invalid UTF-8, rare, shows as U+FFFD).
        public var text: String { String(decoding: term, as: UTF8.self) }
    }

    /// FTS5 keeps at most this many bytes of a term (`FTS5_MAX_TOKEN_SIZE`), for documents
    /// and queries alike.
    static let maximumTermBytes = 32_768

    /// The index terms of `text`, in order: folded and stemmed.
    public static func tokens(_ text: String) -> [Token] {
        unicode61Tokens(text).map { token in
            var stemmed = token
            stemmed.term = stem(token.term)
            return stemmed
        }
    }

    /// The index term of one `unicode61` token: its Porter stem, cut to FTS5's longest term.
    public static func stem(_ word: [UInt8]) -> [UInt8] {
        Array(PorterStemmer.stem(word).prefix(maximumTermBytes))
    }

    /// The terms of `text` (the strings, as `MoreLikeThis` and tests read them).
    public static func terms(_ text: String) -> [String] { tokens(text).map(\.text) }

    /// The tokens of `text` before stemming, as `unicode61` alone gives them
    /// (`fts5UnicodeTokenize`).
    public static func unicode61Tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var text = text
        var word: [UInt8] = []
        text.withUTF8 { utf8 in
            Unicode61.scanTokens(utf8, word: &word) { term, range in tokens.append(Token(term: term, utf8Range: range)) }
        }
        return tokens
    }
}
