/// JSON text written by hand, for the hot paths (every imported row, every API response),
/// where `JSONEncoder` costs more than the work around it.
public enum JSONText {
    /// Appends `value` as a JSON string literal.
    public static func appendString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    public static func appendString(_ value: String?, to out: inout String) {
        if let value { appendString(value, to: &out) } else { out += "null" }
    }

    public static func appendStrings(_ values: [String], to out: inout String) {
        out += "["
        for (i, value) in values.enumerated() {
            if i > 0 { out += "," }
            appendString(value, to: &out)
        }
        out += "]"
    }
}
