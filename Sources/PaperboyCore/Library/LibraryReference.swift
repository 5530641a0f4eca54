import Foundation

/// One reference of a library a reader imports (a BibTeX entry, a CSL-JSON item, a line of
/// ids), with what can tell which paper it is.
public struct LibraryReference: Sendable, Equatable {
    /// The citation key or CSL id, as the file has it (for the match report).
    public var key: String?
    public var title: String?
    /// From an eprint field, an arXiv URL, arXiv's DOI (10.48550/arXiv.ID) or an
    /// "arXiv:ID" note, such as Google Scholar's `journal={arXiv preprint arXiv:1706.03762}`.
    public var arxivID: PaperID?
    /// Lower case, without a resolver prefix (`10.1103/physrevd.1.2`).
    public var doi: String?
    /// Where the reference starts: its line in the file, or its place in a JSON array.
    public var line: Int

    public init(key: String? = nil, title: String? = nil, arxivID: PaperID? = nil, doi: String? = nil, line: Int) {
        self.key = key
        self.title = title
        self.arxivID = arxivID
        self.doi = doi
        self.line = line
    }

    /// A DOI as written in a file or URL, normalised; nil if it is none.
    public static func doi(_ text: String) -> String? {
        var s = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"] where s.hasPrefix(prefix) {
            s = String(s.dropFirst(prefix.count))
        }
        guard s.hasPrefix("10."), s.contains("/"), s.count <= 300, !s.contains(where: \.isWhitespace) else { return nil }
        return s
    }

    /// The arXiv id in a text that names one: a bare id or URL, `arXiv:ID` inside a sentence,
    /// or arXiv's DOI.
    public static func arxivID(in text: String) -> PaperID? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= 2_000 else { return nil }
        if let (id, _) = PaperID.parse(trimmed) { return id }
        // arXiv's DOI; the id keeps its case (old-style subject classes: math.AG/0601001).
        if let range = trimmed.range(of: "10.48550/arxiv.", options: .caseInsensitive) {
            return PaperID.parse(trimmed[range.upperBound...])?.id
        }
        // "arXiv preprint arXiv:2401.12345", "arXiv:hep-th/9108002 [hep-th]", a URL in a note,
        // Google Scholar's "arXiv preprint alg-geom/9202001": a bare id only where arXiv is named.
        let namesArxiv = trimmed.range(of: "arxiv", options: .caseInsensitive) != nil
        for word in trimmed.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "(" || $0 == ")" || $0 == "[" || $0 == "]" }) {
            if word.lowercased().hasPrefix("arxiv:") {
                if let (id, _) = PaperID.parse(word.dropFirst(6)) { return id }
            } else if namesArxiv, let (id, _) = PaperID.parse(word) {
                return id
            }
        }
        return nil
    }

    /// A title reduced to what survives every export: TeX accents decoded and braces gone,
    /// accents stripped, lower case, words of letters and digits joined by one space.
    public static func titleKey(_ title: String) -> String {
        var title = title
        // "$\pi$-Bench" in a BibTeX file is "$π$-Bench" on arXiv.
        if title.contains("\\") {
            for (name, letter) in greek where title.contains("\\" + name) {
                title = title.replacingOccurrences(of: "\\" + name, with: letter)
            }
        }
        let decoded = TeX.decodeAccents(title).decomposedStringWithCompatibilityMapping
        var key = ""
        var pendingSpace = false
        for scalar in decoded.unicodeScalars {
            if scalar.properties.canonicalCombiningClass != .notReordered { continue }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace, !key.isEmpty { key.unicodeScalars.append(" ") }
                pendingSpace = false
                key.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                pendingSpace = true
            }
        }
        return key
    }

    /// TeX's Greek letters; a name inside another comes first (`\varepsilon` before `\epsilon`, `\theta` before `\eta`).
    static let greek: [(String, String)] = [
        ("varepsilon", "ε"), ("vartheta", "ϑ"), ("varphi", "φ"), ("epsilon", "ε"), ("lambda", "λ"), ("Lambda", "Λ"),
        ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("Gamma", "Γ"), ("delta", "δ"), ("Delta", "Δ"), ("zeta", "ζ"),
        ("theta", "θ"), ("Theta", "Θ"), ("kappa", "κ"), ("sigma", "σ"), ("Sigma", "Σ"), ("omega", "ω"), ("Omega", "Ω"),
        ("upsilon", "υ"), ("eta", "η"), ("iota", "ι"), ("mu", "μ"), ("nu", "ν"), ("xi", "ξ"), ("Xi", "Ξ"), ("pi", "π"),
        ("Pi", "Π"), ("rho", "ρ"), ("tau", "τ"), ("phi", "φ"), ("Phi", "Φ"), ("chi", "χ"), ("psi", "ψ"), ("Psi", "Ψ"),
    ]
}
