/// `TextTokenizer.tokens`'s terms, made fast enough to index millions of papers: the same
/// walk over the text's bytes (`Unicode61.scanTokens`) gathers each word in one reused
/// buffer, and the word is looked up in a table of the words it has seen, which gives its
/// stem as a number. So a word seen before
/// costs no allocation and no stemming; stems are numbered once, so two words with one stem
/// ("learned", "learning") share a number.
///
/// A value, one per task that tokenizes. Its numbers hold until `forgetIfFull()` starts it
/// again, which callers do between documents; it keeps only words up to 48 bytes (real words
/// are far shorter: longer ones are stemmed every time), so hostile text cannot make it grow
/// past its bounds.
public struct StemmingTokenizer: Sendable {
    /// Word bytes to stem numbers (`stemOfWord[n]` for word n).
    private var words: ByteTable
    private var stemOfWord: [UInt32] = []
    /// Stem bytes, numbered.
    private var stemNumbers: ByteTable

    /// Words remembered before it starts again.
    public static let capacity = 1 << 18
    /// Bytes of stems (of long words too) remembered before it starts again.
    static let byteCapacity = 1 << 24
    /// Longer words are stemmed every time (real words are far shorter).
    static let longestWord = 48

    public init(seed: UInt64 = UInt64.random(in: .min ... .max)) {
        words = ByteTable(seed: seed)
        stemNumbers = ByteTable(seed: seed &+ 1)
    }

    /// The index terms of `text`, in order, as `TextTokenizer.tokens(text).map(\.term)`.
    public mutating func terms(_ text: String) -> [[UInt8]] {
        forgetIfFull()
        var numbers: [UInt32] = []
        appendStemNumbers(of: text, to: &numbers)
        return numbers.map { Array(stem($0)) }
    }

    /// Starts again when the tables are full. Numbers given before are then void: call it
    /// only where none is still held.
    /// Returns true when it did.
    @discardableResult
    public mutating func forgetIfFull() -> Bool {
        guard words.count >= Self.capacity || stemNumbers.count >= Self.capacity
                || words.byteCount + stemNumbers.byteCount >= Self.byteCapacity else { return false }
        words.removeAll()
        stemOfWord.removeAll(keepingCapacity: true)
        stemNumbers.removeAll()
        return true
    }

    /// The stem numbered `number`.
    public func stem(_ number: UInt32) -> ArraySlice<UInt8> { stemNumbers.key(number) }

    /// Stems numbered so far (numbers are `0..<stemCount`).
    public var stemCount: Int { stemNumbers.count }

    /// Appends the stem number of each of `text`'s tokens, in order (`stem(n)` is the term):
    /// `TextTokenizer.unicode61Tokens` then `TextTokenizer.stem`, token for token.
    public mutating func appendStemNumbers(of text: String, to numbers: inout [UInt32]) {
        var text = text
        var word: [UInt8] = []
        word.reserveCapacity(64)
        text.withUTF8 { utf8 in
            Unicode61.scanTokens(utf8, word: &word) { word, _ in numbers.append(stemNumber(of: word)) }
        }
    }

    /// The stem number of one `unicode61` token.
    private mutating func stemNumber(of word: [UInt8]) -> UInt32 {
        guard word.count <= Self.longestWord else { return number(ofStem: TextTokenizer.stem(word)) }
        let (n, inserted) = word.withUnsafeBytes { words.insert($0) }
        if inserted { stemOfWord.append(number(ofStem: TextTokenizer.stem(word))) }
        return stemOfWord[Int(n)]
    }

    private mutating func number(ofStem stem: [UInt8]) -> UInt32 {
        stem.withUnsafeBytes { stemNumbers.insert($0) }.number
    }
}
