/// `TextTokenizer.tokens`'s terms, made fast enough to index millions of papers: it reads
/// the text's UTF-8 bytes directly (ASCII through a table, other characters through the same
/// `Unicode61` rules), gathers each word in one reused buffer, and looks it up in a table of
/// the words it has seen, which gives the word's stem as a number. So a word seen before
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
    private var word: [UInt8] = []

    /// Words remembered before it starts again.
    public static let capacity = 1 << 18
    /// Bytes of stems (of long words too) remembered before it starts again.
    static let byteCapacity = 1 << 24
    /// Longer words are stemmed every time (real words are far shorter).
    static let longestWord = 48

    public init(seed: UInt64 = UInt64.random(in: .min ... .max)) {
        words = ByteTable(seed: seed)
        stemNumbers = ByteTable(seed: seed &+ 1)
        word.reserveCapacity(64)
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

    /// Appends the stem number of each of `text`'s tokens, in order (`stem(n)` is the term).
    /// Exactly `TextTokenizer.unicode61Tokens` then `TextTokenizer.stem`, token for token (a
    /// test compares them on the whole corpus and on random text).
    public mutating func appendStemNumbers(of text: String, to numbers: inout [UInt32]) {
        var text = text
        text.withUTF8 { utf8 in
            var inToken = false
            var i = 0
            let end = utf8.count
            while i < end {
                let lead = utf8[i]
                if lead < 0x80 {
                    // ASCII: letters and digits are token characters; upper case folds down.
                    i += 1
                    let kind = Self.asciiKinds[Int(lead)]
                    if kind == 0 {
                        if inToken { finishWord(&numbers); inToken = false }
                    } else {
                        inToken = true
                        word.append(kind)
                    }
                    continue
                }
                // A longer scalar (the string is valid UTF-8): decode it, then the general rules.
                let width = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
                for k in 1..<width { value = value << 6 | UInt32(utf8[i + k] & 0x3F) }
                i += width
                let c = value & 0xFFFF_FFFE == 0xFFFE ? 0xFFFD : value
                if !inToken {
                    // Between tokens only a token character starts one; diacritics are skipped.
                    guard Unicode61.isTokenCharacter(c) else { continue }
                    inToken = true
                } else if !(Unicode61.isTokenCharacter(c) || Unicode61.isDiacritic(c)) {
                    finishWord(&numbers)
                    inToken = false
                    continue
                }
                let folded = Unicode61.fold(c)
                if folded != 0, let scalar = Unicode.Scalar(folded) {
                    UTF8.encode(scalar) { word.append($0) }
                }
            }
            if inToken { finishWord(&numbers) }
        }
    }

    /// The gathered word's stem number, appended; the word buffer is emptied.
    private mutating func finishWord(_ numbers: inout [UInt32]) {
        defer { word.removeAll(keepingCapacity: true) }
        if word.count <= Self.longestWord {
            let (n, inserted) = word.withUnsafeBytes { words.insert($0) }
            if inserted { stemOfWord.append(number(ofStem: TextTokenizer.stem(word))) }
            numbers.append(stemOfWord[Int(n)])
        } else {
            numbers.append(number(ofStem: TextTokenizer.stem(word)))
        }
    }

    private mutating func number(ofStem stem: [UInt8]) -> UInt32 {
        stem.withUnsafeBytes { stemNumbers.insert($0) }.number
    }

    /// Per ASCII byte: 0 for a separator, else the byte it folds to (letters and digits).
    private static let asciiKinds: [UInt8] = (0..<128).map { b in
        let c = UInt32(b)
        return Unicode61.isTokenCharacter(c) ? UInt8(Unicode61.fold(c)) : 0
    }
}
