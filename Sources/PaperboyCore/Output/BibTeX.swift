/// A BibTeX entry for a paper, as arXiv's own "Export BibTeX citation" writes it
/// (`@misc` with `eprint`, `archivePrefix` and `primaryClass`).
public enum BibTeX {
    public static func entry(for paper: Paper) -> String {
        var fields: [(String, String)] = [
            ("title", "{" + escaped(paper.title) + "}"),
            ("author", escaped(paper.authors.joined(separator: " and "))),
        ]
        if let year = (paper.published ?? paper.listed)?.year { fields.append(("year", String(year))) }
        if paper.id.isArxiv {
            fields.append(("eprint", paper.id.rawValue))
            fields.append(("archivePrefix", "arXiv"))
            if let primary = paper.categories.first { fields.append(("primaryClass", primary)) }
            fields.append(("url", PaperLinks(paper.id).abstract ?? ""))
        }
        if let doi = paper.doi { fields.append(("doi", escaped(doi))) }
        if let journal = paper.journalRef { fields.append(("journal", escaped(journal))) }
        let body = fields.filter { !$0.1.isEmpty }.map { "  \($0.0) = {\($0.1)}" }.joined(separator: ",\n")
        return "@misc{\(key(for: paper)),\n\(body)\n}"
    }

    /// `surname` + year + first title word, ASCII letters and digits only: `vaswani2017attention`.
    public static func key(for paper: Paper) -> String {
        func ascii(_ text: some StringProtocol) -> String {
            String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }))
        }
        let surname = paper.authors.first.flatMap { $0.split(separator: " ").last }.map(ascii) ?? ""
        let year = (paper.published ?? paper.listed).map { String($0.year) } ?? ""
        let stop: Set<String> = ["a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "towards", "via"]
        let word = paper.title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(ascii).first { !$0.isEmpty && !stop.contains($0) } ?? ""
        let key = surname + year + word
        return key.isEmpty ? ascii(paper.id.rawValue) : key
    }

    /// Braces must balance in BibTeX, and `&`, `%` and `#` would break LaTeX unescaped.
    static func escaped(_ text: String) -> String {
        var out = ""
        var depth = 0
        for c in text {
            switch c {
            case "{": depth += 1; out.append(c)
            case "}": if depth > 0 { depth -= 1; out.append(c) }
            // `$` and `_` stay: in arXiv titles they are TeX math, which BibTeX passes on.
            case "&", "%", "#": out += "\\" + String(c)
            case "\n", "\r", "\t": out += " "
            default: out.append(c)
            }
        }
        return out + String(repeating: "}", count: depth)
    }
}
