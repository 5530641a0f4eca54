extension SearchQuery {
    /// Parses a query in Paperboy's syntax, which never fails: anything it does not
    /// understand is read as words.
    ///
    /// - `contrastive learning`: both words, anywhere (title, abstract, authors);
    /// - `"exact phrase"`; `transform*` (prefix);
    /// - `ti:word`, `abs:word`, `au:name`, `au:"Geoffrey Hinton"`: one field;
    /// - `cat:cs.CV` (or `cat:cs`): category filter;
    /// - `has:code`: papers with a code link; `venue:NeurIPS`, `venue:"ICLR 2025"`: where it appeared;
    /// - `-word`, `-"phrase"`, `-cat:cs.CR`, `NOT word`: exclusions; `a OR b`: either;
    /// - `2401.12345`, `arXiv:2401.12345v2`, `https://arxiv.org/abs/2401.12345`: that paper.
    public static func parse(_ input: String) -> SearchQuery {
        var query = SearchQuery()
        let trimmed = input.trimmingWhitespace()
        if !trimmed.contains(where: \.isWhitespace), let (id, _) = PaperID.parse(trimmed) {
            query.paperID = id
            return query
        }
        var pendingOr = false
        var pendingNot = false
        for token in tokenize(String(trimmed)) {
            if !token.quoted && !token.negated && token.field == nil {
                switch token.text {
                case "OR", "|": pendingOr = !query.required.isEmpty; continue
                case "AND", "&", "&&": continue
                case "NOT": pendingNot = true; continue
                default: break
                }
            }
            let negated = token.negated != pendingNot
            pendingNot = false
            if token.field == "has" {
                if token.text.lowercased() == "code" { query.hasCode = !negated }
                pendingOr = false
                continue
            }
            if token.field == "venue" {
                let venue = token.text.trimmingWhitespace()
                if !negated, venue.contains(where: { $0.isLetter || $0.isNumber }) { query.venues.append(String(venue)) }
                pendingOr = false
                continue
            }
            if let field = token.field, field == "cat" {
                let category = token.text.trimmingWhitespace()
                guard !category.isEmpty, category.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
                if negated { query.excludedCategories.append(String(category)) } else { query.categories.append(String(category)) }
                pendingOr = false
                continue
            }
            guard token.text.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            var text = token.text
            var isPrefix = false
            if !token.quoted, text.hasSuffix("*") {
                text = String(text.drop(while: { $0 == "*" }).reversed().drop(while: { $0 == "*" }).reversed())
                isPrefix = text.count >= 2
            }
            let field: Field = switch token.field {
            case "ti": .title
            case "abs": .abstract
            case "au": .authors
            default: .any
            }
            let term = Term(text, field: field, isPrefix: isPrefix)
            if negated {
                query.excluded.append(term)
            } else if pendingOr, !query.required.isEmpty {
                query.required[query.required.count - 1].append(term)
            } else {
                query.required.append([term])
            }
            pendingOr = false
        }
        return query
    }

    struct Token: Equatable {
        var text: String
        var field: String?
        var quoted = false
        var negated = false
    }

    private static let fieldAliases: [String: String] = [
        "ti": "ti", "title": "ti", "abs": "abs", "abstract": "abs", "au": "au", "author": "au",
        "authors": "au", "cat": "cat", "category": "cat", "has": "has", "venue": "venue",
    ]

    /// Splits on whitespace outside quotes; an unbalanced quote runs to the end.
    static func tokenize(_ input: String) -> [Token] {
        var tokens: [Token] = []
        var chars = Substring(input)
        while true {
            chars = chars.drop(while: \.isWhitespace)
            guard !chars.isEmpty else { break }
            var token = Token(text: "")
            if chars.first == "-" || chars.first == "−" {
                let rest = chars.dropFirst()
                if let next = rest.first, !next.isWhitespace, next != "-" {
                    token.negated = true
                    chars = rest
                }
            }
            // field:value
            if let colon = chars.prefix(while: { !$0.isWhitespace && $0 != "\"" }).firstIndex(of: ":"),
               let field = fieldAliases[chars[..<colon].lowercased()] {
                token.field = field
                chars = chars[chars.index(after: colon)...]
            }
            if chars.first == "\"" {
                let body = chars.dropFirst()
                let end = body.firstIndex(of: "\"") ?? body.endIndex
                token.text = String(body[..<end])
                token.quoted = true
                chars = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
            } else {
                let end = chars.firstIndex(where: \.isWhitespace) ?? chars.endIndex
                token.text = String(chars[..<end])
                chars = chars[end...]
            }
            tokens.append(token)
        }
        return tokens
    }
}
