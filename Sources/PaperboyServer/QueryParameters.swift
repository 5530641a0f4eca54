import Hummingbird
import PaperboyCore

/// Typed, validated access to a request's query string. Every problem is an `AppError`
/// naming the parameter, so a client learns exactly what to fix.
struct QueryParameters {
    let parameters: [String: String]

    init(_ request: Request) {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where values[String(key)] == nil {
            values[String(key)] = String(value)
        }
        parameters = values
    }

    /// A non-empty trimmed string, at most `maxLength` characters.
    func text(_ name: String, maxLength: Int = 500) throws -> String? {
        guard let raw = parameters[name] else { return nil }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard value.count <= maxLength else { throw AppError.badParameter(name, "longer than \(maxLength) characters") }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) else {
            throw AppError.badParameter(name, "contains control characters")
        }
        return value.isEmpty ? nil : value
    }

    func int(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = try text(name, maxLength: 20) else { return value }
        guard let number = Int(text) else { throw AppError.badParameter(name, "'\(text)' is not a whole number") }
        guard range.contains(number) else {
            throw AppError.badParameter(name, "must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
        }
        return number
    }

    func day(_ name: String) throws -> Day? {
        guard let text = try text(name, maxLength: 20) else { return nil }
        guard let day = Day(exactly: text) else { throw AppError.badParameter(name, "'\(text)' is not a date (YYYY-MM-DD)") }
        return day
    }

    func window(_ name: String = "window") throws -> TrendingWindow {
        guard let text = try text(name, maxLength: 20) else { return .day }
        guard let window = TrendingWindow(rawValue: text) else {
            throw AppError.badParameter(name, "must be one of day, week, month")
        }
        return window
    }

    /// The search query of `q`, with `category` and `author` parameters added as filters.
    /// `mode`: keyword, semantic or hybrid; nil when not given (the site's default).
    func mode() throws -> SearchMode? {
        guard let text = try text("mode", maxLength: 20) else { return nil }
        guard let mode = SearchMode(rawValue: text.lowercased()) else {
            throw AppError.badParameter("mode", "'\(text)' is not keyword, semantic or hybrid")
        }
        return mode
    }

    func searchRequest(limit: Int, offset: Int) throws -> (text: String, request: SearchRequest) {
        let text = try self.text("q") ?? ""
        var query = SearchQuery.parse(text)
        if let category = try self.text("category", maxLength: 40) {
            guard category.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else {
                throw AppError.badParameter("category", "'\(category)' is not a category such as cs.CV")
            }
            query.categories.append(category)
        }
        if let author = try self.text("author", maxLength: 200) {
            query.required.append([SearchQuery.Term(author, field: .authors)])
        }
        let since = try day("since"), until = try day("until")
        if let since, let until, since > until { throw AppError.badParameter("until", "is before since") }
        return (text, SearchRequest(query: query, since: since, until: until, limit: limit, offset: offset))
    }
}
