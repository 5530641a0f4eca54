/// A collection name as a reader types it: trimmed, inner whitespace collapsed, no control
/// characters, 1 to 100 characters (counted in Unicode scalars, so no combining sequence can
/// stretch it).
public enum LibraryCollection {
    public static let maximumLength = 100
    /// Where "Save" puts a paper when the reader names no collection.
    public static let defaultName = "Saved"

    public static func normalized(_ name: String) -> String? {
        let words = name.split(whereSeparator: { $0.isWhitespace })
        let joined = words.joined(separator: " ")
        guard !joined.isEmpty, joined.unicodeScalars.count <= maximumLength,
              !joined.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0.value != 0x200D })
        else { return nil }
        return joined
    }
}
