/// Seeded generator of the text attackers write: the characters that mean something to
/// HTML, XML, FTS5, mail headers and terminals, each maybe followed by combining marks,
/// ZWJ or variation selectors (so a quote hides inside a grapheme cluster), with controls,
/// NUL, line and paragraph separators, bidi controls and known attack snippets between
/// ordinary words. The same seed gives the same texts, so a failure replays.
public struct HostileText: RandomNumberGenerator {
    private var random: SeededRandom

    public init(seed: UInt64) { random = SeededRandom(seed: seed) }

    public mutating func next() -> UInt64 { random.next() }

    static let specials: [String] = ["\"", "'", "<", ">", "&", "`", "(", ")", "*", ":", "^", "=", "/", "\\", "-", ";", "{", "}", "[", "]", "#", "%", "+", "?"]
    static let marks: [String] = ["\u{338}", "\u{20D2}", "\u{200D}", "\u{FE0F}", "\u{FE0E}", "\u{301}", "\u{E0100}"]
    static let separators: [String] = ["\u{2028}", "\u{2029}", "\u{85}", "\r", "\n", "\r\n", "\t", "\u{B}", "\u{C}"]
    static let bidi: [String] = ["\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{200E}", "\u{200F}"]
    static let snippets: [String] = [
        "onfocus=alert(1)", " autofocus ", "http-equiv=refresh", "0;url=https://evil.example/", "</textarea>", "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>", "-->", "<!--", "]]>", "<![CDATA[", "javascript:alert(1)", "&amp;", "&#34;", "&quot;", "%22", "%0d%0a",
        "OR", "AND", "NOT", "NEAR(", "cat:", "ti:", "au:", "abs:", "{title abstract authors}", " : ", "*", "\"\"", "Bcc: victim@example.org",
        "=?UTF-8?B?PT0=?=", "\u{1B}[2J", "\u{1B}]0;title\u{7}", "\u{9B}31m", "video", "diffusion", "learning", "Müller", "東京", "👩‍🔬", "🏳️‍🌈",
    ]

    mutating func pick(_ items: [String]) -> String { items[Int(next() % UInt64(items.count))] }

    /// One hostile text of 1 to `maxPieces` pieces. It always holds a letter, so templates
    /// that show a value only when it is non-empty show it.
    public mutating func text(maxPieces: Int = 24) -> String {
        var out = "a"
        for _ in 0..<(1 + Int(next() % UInt64(maxPieces))) {
            switch next() % 10 {
            case 0, 1, 2: out += pick(Self.specials)
            case 3: out.unicodeScalars.append(Unicode.Scalar(UInt8(next() % 32)))
            case 4: out.unicodeScalars.append(Unicode.Scalar(0x7F + UInt32(next() % 33))!)
            case 5: out += pick(Self.separators)
            case 6: out += pick(Self.bidi)
            case 7, 8: out += pick(Self.snippets)
            default: out += [" ", "x", "Z", "9", " word "][Int(next() % 5)]
            }
            for _ in 0..<Int(next() % 4) where next() % 2 == 0 { out += pick(Self.marks) }
        }
        return out
    }

    /// How many inputs a property test tries per output (PAPERBOY_PROPERTY_CASES, default
    /// 10,000) and its seed (PAPERBOY_PROPERTY_SEED), printed so a failure can be replayed.
    public static var cases: Int { Int(environment("PAPERBOY_PROPERTY_CASES") ?? "") ?? 10_000 }
    public static var seed: UInt64 { UInt64(environment("PAPERBOY_PROPERTY_SEED") ?? "") ?? 20_261_201 }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}

#if canImport(Glibc)
import Glibc
#endif
