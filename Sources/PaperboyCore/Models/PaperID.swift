/// A paper's key: a normalised arXiv identifier without its version suffix
/// (`2503.14603`, `math/0601001`), or a `local:` id for papers that came without one
/// (a pasted text page), derived from the title so that re-importing it is idempotent.
public struct PaperID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    private init(unchecked rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
    public var isArxiv: Bool { !rawValue.hasPrefix(PaperID.localPrefix) }

    public static func < (lhs: PaperID, rhs: PaperID) -> Bool { lhs.rawValue < rhs.rawValue }

    static let localPrefix = "local:"

    /// The id of a paper known only by its title: `local:` + 16 hex digits of a
    /// FNV-1a hash of the title's lowercased letters and digits (stable across runs,
    /// unlike Swift's `Hasher`).
    public static func local(forTitle title: String) -> PaperID {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for scalar in title.lowercased().unicodeScalars
        where scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
            for byte in String(scalar).utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return PaperID(unchecked: localPrefix + String(repeating: "0", count: 16 - hex.count) + hex)
    }

    /// Parses an id in any form users and sources write it: `2401.12345`, `2401.12345v2`,
    /// `arXiv:2401.12345`, `oai:arXiv.org:hep-th/9108002`, `math.AG/0601001`,
    /// `https://arxiv.org/abs/2401.12345v1`, `https://arxiv.org/pdf/2401.12345.pdf`,
    /// `https://huggingface.co/papers/2401.12345`. Returns the id and the version if one was given.
    public static func parse(_ text: some StringProtocol) -> (id: PaperID, version: Int?)? {
        if let id = canonicalNewStyle(text) { return (id, nil) }
        return parseAnyForm(text)
    }

    /// `parse` without its fast path (tests compare the two).
    static func parseAnyForm(_ text: some StringProtocol) -> (id: PaperID, version: Int?)? {
        var s = Substring(text).trimmingWhitespace()
        if s.hasPrefix(localPrefix) {
            let hex = s.dropFirst(localPrefix.count)
            guard hex.count == 16, hex.allSatisfy(\.isHexDigit), hex.lowercased() == hex else { return nil }
            return (PaperID(unchecked: String(s)), nil)
        }
        s = stripURL(s)
        for prefix in ["oai:arXiv.org:", "arXiv:", "arxiv:", "ARXIV:"] where s.hasPrefix(prefix) {
            s = s.dropFirst(prefix.count)
            break
        }
        if s.hasSuffix(".pdf") { s = s.dropLast(4) }
        var version: Int?
        if let v = s.lastIndex(of: "v"), v != s.startIndex {
            let digits = s[s.index(after: v)...]
            if !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits), n > 0 {
                version = n
                s = s[..<v]
            }
        }
        if let id = newStyle(s) ?? oldStyle(s) { return (id, version) }
        return nil
    }

    private static func stripURL(_ s: Substring) -> Substring {
        guard let scheme = s.range(of: "://") else { return s }
        let afterScheme = s[scheme.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return s }
        let host = afterScheme[..<slash].lowercased()
        guard host.hasSuffix("arxiv.org") || host.hasSuffix("huggingface.co") || host.hasSuffix("alphaxiv.org") else {
            return s
        }
        var path = afterScheme[afterScheme.index(after: slash)...]
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        while path.hasSuffix("/") { path = path.dropLast() }
        for section in ["abs/", "pdf/", "html/", "papers/", "format/"] where path.hasPrefix(section) {
            return path.dropFirst(section.count)
        }
        return path
    }

    /// The id when `text` is already one in its stored form, `YYMM.NNNN` or `YYMM.NNNNN` and
    /// nothing else, read as bytes: what the indexes' files and most records hold, millions
    /// at a server's start, where the general path's `Character` walk cost half of loading.
    /// Anything else is nil and goes the general way (which gives the same id for these).
    static func canonicalNewStyle(_ text: some StringProtocol) -> PaperID? {
        guard text.utf8.count == 9 || text.utf8.count == 10 else { return nil }
        // A concrete String (free for one; the id needs it anyway), so the loop below is not
        // run through generic witnesses.
        var string = String(text)
        let count = string.utf8.count
        let valid = string.withUTF8 { bytes -> Bool in
            var month = 0
            for i in 0..<count {
                let byte = bytes[i]
                if i == 4 {
                    guard byte == UInt8(ascii: ".") else { return false }
                } else {
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
                    if i == 2 || i == 3 { month = month * 10 + Int(byte - UInt8(ascii: "0")) }
                }
            }
            return (1...12).contains(month)
        }
        return valid ? PaperID(unchecked: string) : nil
    }

    /// `YYMM.NNNN` (2007-2014) or `YYMM.NNNNN` (2015 on).
    private static func newStyle(_ s: Substring) -> PaperID? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, (4...5).contains(parts[1].count),
              parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
              let month = Int(parts[0].suffix(2)), (1...12).contains(month) else { return nil }
        return PaperID(unchecked: String(s))
    }

    /// `archive[.SUBJ]/YYMMNNN`; the subject class is dropped (`math.AG/0601001` is `math/0601001`).
    private static func oldStyle(_ s: Substring) -> PaperID? {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 7, parts[1].allSatisfy(\.isASCIIDigit),
              let month = Int(parts[1].dropFirst(2).prefix(2)), (1...12).contains(month) else { return nil }
        let archive = parts[0].split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
        guard (2...16).contains(archive.count),
              archive.allSatisfy({ ($0.isASCII && $0.isLetter) || $0 == "-" }),
              archive.first?.isLetter == true else { return nil }
        return PaperID(unchecked: archive.lowercased() + "/" + parts[1])
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    func trimmingWhitespace() -> SubSequence {
        var s = self[...]
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return s
    }
}
