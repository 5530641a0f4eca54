/// Small text clean-ups shared by every importer.
enum Text {
    /// Collapses every run of whitespace (newlines and indentation of wrapped arXiv
    /// fields included) to one space and trims the ends.
    static func collapsingWhitespace(_ text: some StringProtocol) -> String {
        var out = String()
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for ch in text {
            if ch.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(ch)
            }
        }
        return out
    }

    static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    static func uniqueNonEmpty(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
