import Foundation
import PaperboyCore

/// Site-relative links, with query values percent-encoded.
enum Link {
    /// Old-style ids (`hep-th/9901001`) keep their slash as `%2F`, so every id is one
    /// path segment.
    static func paper(_ id: PaperID) -> String { PaperLinks.pagePath(id) }

    static func search(_ parameters: [String: String?]) -> String { "/search" + query(parameters) }

    /// A search for `text` as one phrase (`au:"Name"` with a field): its own quotes, which
    /// would end the phrase, are dropped (on scalars: a quote with a combining mark is one
    /// Character that a Character filter would keep).
    static func phraseSearch(_ text: String, field: String? = nil) -> String {
        let phrase = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\"" }))
        return search(["q": (field.map { $0 + ":" } ?? "") + "\"" + phrase + "\""])
    }

    static func query(_ parameters: [String: String?]) -> String {
        let pairs = parameters.compactMap { key, value in value.map { (key, $0) } }.sorted { $0.0 < $1.0 }
        guard !pairs.isEmpty else { return "" }
        return "?" + pairs.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
    }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        set.insert(charactersIn: "-._~:")
        return set
    }()

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A `return` target from a form: only a path on this site ("/..." but not "//host").
    static func safeReturn(_ value: String?) -> String? {
        // On bytes: `/` followed by a combining mark is one Character, so a Character-based
        // `hasPrefix("//")` would let `//̸evil.example` through. Our own links are
        // percent-encoded, so any byte outside printable ASCII means the value is not one.
        guard let value else { return nil }
        let bytes = Array(value.utf8)
        guard bytes.first == UInt8(ascii: "/"), bytes.dropFirst().first != UInt8(ascii: "/"), !bytes.contains(UInt8(ascii: "\\")),
              bytes.count <= 2_000, !bytes.contains(where: { $0 < 0x20 || $0 >= 0x7F }) else { return nil }
        return value
    }
}
