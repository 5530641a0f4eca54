/// Small text clean-ups shared by every importer.
enum Text {
    /// Collapses every run of whitespace (newlines and indentation of wrapped arXiv
    /// fields included) to one space, trims the ends and removes control characters (NUL,
    /// escape, DEL, C1): no stored text holds one, so none can cut a string short in C code
    /// or reach a terminal. It runs on every text field of every imported record, so it
    /// works on scalars (not grapheme clusters) and returns already-clean text without
    /// building a new string.
    static func collapsingWhitespace(_ text: some StringProtocol) -> String {
        let clean = text.utf8.withContiguousStorageIfAvailable(isCollapsed) ?? isCollapsed(Array(text.utf8))
        if clean { return String(text) }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isControl(scalar) && !isWhitespace(scalar) { continue }
            if isWhitespace(scalar) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D)
        }
        return scalar.properties.isWhitespace
    }

    /// True when the text has no leading, trailing or repeated spaces and no other
    /// whitespace (the lead bytes of U+0085, U+00A0, U+1680, U+2000-U+205F and U+3000
    /// send it down the slow path).
    private static func isCollapsed(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(isCollapsed)
    }

    private static func isCollapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousWasSpace = true
        for byte in bytes {
            switch byte {
            case 0x20:
                if previousWasSpace { return false }
                previousWasSpace = true
                continue
            case 0x00...0x1F, 0x7F, 0xC2, 0xE1, 0xE2, 0xE3: return false
            default: previousWasSpace = false
            }
        }
        return !previousWasSpace || bytes.isEmpty
    }

    static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    static func uniqueNonEmpty(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
