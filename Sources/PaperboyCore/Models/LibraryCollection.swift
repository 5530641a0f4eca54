/// A collection name as a reader types it: trimmed, inner whitespace collapsed, invisible
/// format characters (bidi overrides, zero-width spaces; the zero-width joiner of emoji
/// sequences aside) removed, no control characters, 1 to 100 characters (counted in Unicode
/// scalars, so no combining sequence can stretch it).
public enum LibraryCollection {
    public static let maximumLength = 100
    /// Where "Save" puts a paper when the reader names no collection.
    public static let defaultName = "Saved"

    public static func normalized(_ name: String) -> String? {
        let visible = String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.properties.generalCategory != .format || $0.value == 0x200D }))
        let joined = visible.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard !joined.isEmpty, joined.unicodeScalars.count <= maximumLength,
              !joined.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        return joined
    }
}
