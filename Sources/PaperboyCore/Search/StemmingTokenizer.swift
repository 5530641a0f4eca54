/// `TextTokenizer.tokens`'s terms with each word's stem remembered: building an index stems
/// the same few hundred thousand words tens of millions of times, and stemming costs more than
/// a lookup. A value, one per task that tokenizes; it forgets everything when full, and keeps
/// only short words, so hostile text cannot make it grow without end.
public struct StemmingTokenizer: Sendable {
    private var stems: [ByteKey: [UInt8]] = [:]
    /// Words remembered before it starts again.
    public static let capacity = 1 << 18
    /// Longer words are stemmed every time (real words are far shorter).
    static let longestWord = 48

    public init() {}

    /// The index terms of `text`, in order, as `TextTokenizer.tokens(text).map(\.term)`.
    public mutating func terms(_ text: String) -> [[UInt8]] {
        TextTokenizer.unicode61Tokens(text).map { stem($0.term) }
    }

    mutating func stem(_ word: [UInt8]) -> [UInt8] {
        guard word.count <= Self.longestWord else { return TextTokenizer.stem(word) }
        if let known = stems[ByteKey(word)] { return known }
        let stemmed = TextTokenizer.stem(word)
        if stems.count >= Self.capacity { stems.removeAll(keepingCapacity: true) }
        stems[ByteKey(word)] = stemmed
        return stemmed
    }
}
