import PaperboyCore

/// A paper's code link as lists and the paper page show it: where it goes, its stars, and
/// whether Paperboy found it in the paper's text (a link a source gave is shown plainly).
struct CodeBadge {
    let href: String
    /// The host and path, for the paper page ("github.com/owner/repo").
    let name: String
    let stars: String?
    let foundInText: Bool

    init?(_ paper: Paper) {
        // Stored links are http(s) URLs with a host (`PaperDraft.webURL`); anything else never
        // reaches a page as a link.
        guard let url = paper.codeRepository, let shown = CodeBadge.shownName(url) else { return nil }
        href = url
        name = shown
        stars = paper.codeStars.map(CodeBadge.count)
        foundInText = paper.codeFoundInText
    }

    /// The URL without its scheme, or nil when it is not an http(s) URL.
    static func shownName(_ url: String) -> String? {
        for scheme in ["https://", "http://"] where url.utf8.count > scheme.utf8.count && url.lowercased().hasPrefix(scheme) {
            return String(url.dropFirst(scheme.count))
        }
        return nil
    }

    /// 8, 950, 1.2k, 23k.
    static func count(_ n: Int) -> String {
        if n < 1_000 { return String(n) }
        if n < 10_000 { return String(format: "%.1fk", Double(n) / 1_000).replacingOccurrences(of: ".0k", with: "k") }
        return "\(n / 1_000)k"
    }
}
