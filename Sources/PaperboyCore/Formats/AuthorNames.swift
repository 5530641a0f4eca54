/// Turns the author fields of arXiv metadata into an ordered list of display names.
enum AuthorNames {
    /// Splits arXiv's one-string author list (`A. One, B. Two and C. Three (Univ X)`):
    /// commas and a final `and` separate names; parenthesised affiliations are dropped;
    /// TeX accents are decoded.
    static func split(_ text: String) -> [String] {
        var withoutAffiliations = ""
        var depth = 0
        for ch in text {
            if ch == "(" { depth += 1; continue }
            if ch == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { withoutAffiliations.append(ch) }
        }
        let flat = Text.collapsingWhitespace(TeX.decodeAccents(withoutAffiliations))
        var names: [String] = []
        for part in flat.split(separator: ",") {
            let pieces = part.components(separatedBy: " and ")
            for piece in pieces {
                var name = Text.collapsingWhitespace(piece)
                if name.hasPrefix("and ") { name = String(name.dropFirst(4)) }
                if !name.isEmpty { names.append(name) }
            }
        }
        return names
    }

    /// `["Balázs", "C.", ""]` (keyname, forenames, suffix) as `C. Balázs`.
    static func fromParts(_ parts: [String]) -> String {
        let keyname = parts.first ?? ""
        let forenames = parts.count > 1 ? parts[1] : ""
        let suffix = parts.count > 2 ? parts[2] : ""
        return Text.collapsingWhitespace(TeX.decodeAccents([forenames, keyname, suffix].joined(separator: " ")))
    }

    /// Dublin Core writes `Keyname, Forenames`.
    static func fromInverted(_ name: String) -> String {
        let parts = name.split(separator: ",", maxSplits: 1)
        guard parts.count == 2 else { return Text.collapsingWhitespace(name) }
        return Text.collapsingWhitespace(parts[1] + " " + parts[0])
    }

    /// `v3` as 3.
    static func versionNumber(_ text: String) -> Int? {
        let digits = text.trimmingWhitespace().drop(while: { $0 == "v" || $0 == "V" })
        return Int(digits)
    }
}
