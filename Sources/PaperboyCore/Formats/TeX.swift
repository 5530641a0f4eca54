import Foundation

/// Decodes the TeX accent commands arXiv metadata uses in names (`Bal\'azs`, `M\"uller`,
/// `{\o}`, `\c{c}`) into Unicode (NFC), so that names display and match as people write them.
enum TeX {
    /// Accents written with a symbol: `\'a`, `\'{a}`.
    private static let symbolAccents: [Character: Character] = [
        "'": "\u{0301}", "`": "\u{0300}", "^": "\u{0302}", "\"": "\u{0308}", "~": "\u{0303}",
        "=": "\u{0304}", ".": "\u{0307}",
    ]
    /// Accents written with a letter, which need a brace or a space: `\c{c}`, `\v s`.
    private static let letterAccents: [String: Character] = [
        "u": "\u{0306}", "v": "\u{030C}", "H": "\u{030B}", "c": "\u{0327}", "k": "\u{0328}", "r": "\u{030A}",
    ]
    private static let letters: [String: String] = [
        "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "ae": "æ", "AE": "Æ",
        "aa": "å", "AA": "Å", "oe": "œ", "OE": "Œ", "i": "ı", "j": "ȷ",
    ]

    static func decodeAccents(_ text: String) -> String {
        guard text.contains("\\") || text.contains("{") else { return text }
        let chars = Array(text)
        var out = ""
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if ch == "{" || ch == "}" { i += 1; continue }
            guard ch == "\\", i + 1 < chars.count else { out.append(ch); i += 1; continue }
            let next = chars[i + 1]
            if let mark = symbolAccents[next], let (base, end) = accentBase(chars, from: i + 2, needsSeparator: false) {
                out.append(compose(base, mark))
                i = end
                continue
            }
            var j = i + 1
            var name = ""
            while j < chars.count, chars[j].isLetter { name.append(chars[j]); j += 1 }
            if let mark = letterAccents[name], let (base, end) = accentBase(chars, from: j, needsSeparator: true) {
                out.append(compose(base, mark))
                i = end
            } else if let letter = letters[name] {
                out.append(letter)
                i = j < chars.count && chars[j] == " " ? j + 1 : j
            } else {
                out.append(ch)
                i += 1
            }
        }
        return out
    }

    /// The letter an accent applies to: `a`, `{a}`, `{\i}`, or after a letter command ` a`.
    private static func accentBase(_ chars: [Character], from start: Int, needsSeparator: Bool) -> (Character, Int)? {
        var j = start
        var separated = false
        while j < chars.count, chars[j] == " " || chars[j] == "{" { j += 1; separated = true }
        guard j < chars.count, !needsSeparator || separated else { return nil }
        var base = chars[j]
        if base == "\\", j + 1 < chars.count, chars[j + 1] == "i" || chars[j + 1] == "j" {
            base = chars[j + 1]
            j += 1
        }
        guard base.isLetter else { return nil }
        j += 1
        if j < chars.count, chars[j] == "}" { j += 1 }
        return (base, j)
    }

    private static func compose(_ base: Character, _ mark: Character) -> String {
        (String(base) + String(mark)).precomposedStringWithCanonicalMapping
    }
}
