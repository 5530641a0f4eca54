import Foundation

/// BERT's uncased WordPiece tokenizer, as all-MiniLM-L6-v2 was trained with it: the
/// special tokens written in the text are kept whole; the rest is cleaned (control
/// characters dropped, any whitespace a space), Chinese characters isolated, lower-cased,
/// stripped of accents (NFD, combining marks dropped) and split at punctuation; each word is
/// then cut into the longest vocabulary pieces from the left ("##" marks a continuation), or
/// is [UNK] when it cannot be, or is longer than 100 characters.
public struct WordPieceTokenizer: Sendable {
    public static let cls: Int32 = 101, sep: Int32 = 102, unk: Int32 = 100, pad: Int32 = 0
    static let specials = ["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]"]

    private let vocabulary: [String: Int32]
    public let maxLength: Int

    public struct MissingVocabulary: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `vocab.txt`: one token per line, its id the line number from 0.
    public init(vocabularyFile path: String, maxLength: Int = 256) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw MissingVocabulary(description: "cannot read the vocabulary \(path)")
        }
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(32_000)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let token = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            if !token.isEmpty, vocabulary[token] == nil { vocabulary[token] = Int32(index) }
        }
        guard vocabulary["[CLS]"] == Self.cls, vocabulary["[SEP]"] == Self.sep, vocabulary["[UNK]"] == Self.unk else {
            throw MissingVocabulary(description: "\(path) is not the BERT uncased vocabulary")
        }
        self.vocabulary = vocabulary
        self.maxLength = maxLength
    }

    /// Token ids with [CLS] and [SEP], truncated to `maxLength` in all.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [Self.cls]
        let budget = maxLength - 2
        outer: for (piece, isSpecial) in Self.splitSpecials(text) {
            if isSpecial {
                ids.append(vocabulary[piece] ?? Self.unk)
                if ids.count - 1 >= budget { break }
                continue
            }
            for word in Self.basicTokens(piece) {
                for id in wordPieces(word) {
                    ids.append(id)
                    if ids.count - 1 >= budget { break outer }
                }
            }
        }
        ids.append(Self.sep)
        return ids
    }

    /// The longest-match-first pieces of one word, or [UNK].
    func wordPieces(_ word: String) -> [Int32] {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count <= 100 else { return [Self.unk] }
        var pieces: [Int32] = []
        var start = 0
        while start < scalars.count {
            var end = scalars.count
            var found: Int32?
            while start < end {
                var candidate = String(String.UnicodeScalarView(scalars[start..<end]))
                if start > 0 { candidate = "##" + candidate }
                if let id = vocabulary[candidate] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else { return [Self.unk] }
            pieces.append(found)
            start = end
        }
        return pieces
    }

    /// The text in runs, each either a special token written literally or ordinary text.
    static func splitSpecials(_ text: String) -> [(String, Bool)] {
        var parts: [(String, Bool)] = []
        var rest = Substring(text)
        while let match = specials.compactMap({ special in rest.range(of: special).map { ($0, special) } })
            .min(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            if match.0.lowerBound > rest.startIndex { parts.append((String(rest[..<match.0.lowerBound]), false)) }
            parts.append((match.1, true))
            rest = rest[match.0.upperBound...]
        }
        if !rest.isEmpty { parts.append((String(rest), false)) }
        return parts
    }

    /// BERT's BasicTokenizer: clean, isolate CJK, split on whitespace, lower-case, strip
    /// accents, split punctuation.
    static func basicTokens(_ text: String) -> [String] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) {
                cleaned.append(" ")
            } else if isCJK(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        var tokens: [String] = []
        for word in String(cleaned).split(separator: " ", omittingEmptySubsequences: true) {
            let lowered = word.lowercased().decomposedStringWithCanonicalMapping
            var current = String.UnicodeScalarView()
            for scalar in lowered.unicodeScalars {
                if scalar.properties.generalCategory == .nonspacingMark { continue }
                if isPunctuation(scalar) {
                    if !current.isEmpty { tokens.append(String(current)) }
                    current = String.UnicodeScalarView()
                    tokens.append(String(scalar))
                } else if isWhitespace(scalar) {
                    if !current.isEmpty { tokens.append(String(current)) }
                    current = String.UnicodeScalarView()
                } else {
                    current.append(scalar)
                }
            }
            if !current.isEmpty { tokens.append(String(current)) }
        }
        return tokens
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.generalCategory == .spaceSeparator
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
