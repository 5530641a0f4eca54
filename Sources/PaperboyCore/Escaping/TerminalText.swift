/// Text made safe to print on a terminal: imported titles and abstracts are written by
/// strangers, and an escape sequence in one (`ESC ]0;…`, `ESC [2J`, a C1 CSI) would rewrite
/// the reader's terminal. Works on scalars, never on `Character`s.
public enum TerminalText {
    /// Every C0 control but tab and newline, DEL and every C1 control replaced by U+FFFD;
    /// bidi overrides and isolates (which reorder what is shown after them) too.
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(isUnsafe(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }

    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0..<0x20, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
