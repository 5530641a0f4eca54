import Foundation
import PaperboyCore

/// Renders a parsed `SearchQuery` as an FTS5 MATCH expression. Every word the user typed
/// goes into a double-quoted FTS5 string (quotes doubled), so no user text is ever read as
/// FTS5 syntax: `NEAR(`, `*`, `:` and parentheses are just characters in a phrase.
public enum FTS5Query {
    /// The expression, or nil when the query has nothing positive to match
    /// (FTS5 cannot express "everything except").
    public static func expression(for query: SearchQuery) -> String? {
        var positive: [String] = query.required.map { group in
            let alternatives = group.map(term)
            return alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: " OR ") + ")"
        }
        positive += query.categories.map { "categories : " + quoted($0) }
        guard !positive.isEmpty else { return nil }
        var expression = "(" + positive.joined(separator: " AND ") + ")"
        for excluded in query.excluded { expression += " NOT " + term(excluded) }
        for category in query.excludedCategories { expression += " NOT categories : " + quoted(category) }
        return expression
    }

    private static func term(_ term: SearchQuery.Term) -> String {
        let columns = switch term.field {
        case .any: "{title abstract authors}"
        case .title: "title"
        case .abstract: "abstract"
        case .authors: "authors"
        }
        return columns + " : " + quoted(term.text) + (term.isPrefix ? " *" : "")
    }

    /// A double-quoted FTS5 string. Works on scalars: `"` followed by a combining mark is one
    /// `Character` that `replacingOccurrences(of: "\"")` never finds, yet FTS5 reads its
    /// first byte as the end of the string. Controls (NUL would end the expression early)
    /// become spaces, which the tokenizer skips anyway.
    static func quoted(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out.append("\""); out.append("\"")
            case 0..<0x20, 0x7F: out.append(" ")
            default: out.append(scalar)
            }
        }
        out.append("\"")
        return String(out)
    }
}
