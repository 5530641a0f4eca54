import Hummingbird
import PaperboyCore

/// Typed, validated access to a request's query string. Every problem is an `AppError`
/// naming the parameter, so a client learns exactly what to fix.
struct QueryParameters {
    let parameters: [String: String]
    private let repeated: Set<String>
    /// Pages take what the site's own GET forms send, which is every field, empty when
    /// left blank (`since=&mode=`): there an empty value is no value. The API is strict.
    private let emptyIsAbsent: Bool

    /// The query string read as a form, so `+` is a space as browsers mean it.
    init(_ request: Request, fromPageForm: Bool = false) {
        let form = URLEncodedForm(request.uri.query ?? "")
        parameters = form.all
        repeated = form.repeated
        emptyIsAbsent = fromPageForm
    }

    /// The raw value of a typed parameter (a number, a date, a choice): refused when it is
    /// given more than once or given empty, rather than read as absent.
    private func typed(_ name: String, maxLength: Int = 20) throws -> String? {
        guard parameters[name] != nil else { return nil }
        guard !repeated.contains(name) else { throw AppError.badParameter(name, "is given more than once") }
        guard let text = try text(name, maxLength: maxLength) else {
            if emptyIsAbsent { return nil }
            throw AppError.badParameter(name, "is empty")
        }
        return text
    }

    /// A non-empty trimmed string of at most `maxLength` scalars (a `Character` count would
    /// let any number of combining marks through as one), with no controls.
    func text(_ name: String, maxLength: Int = 500) throws -> String? {
        guard let raw = parameters[name] else { return nil }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard value.unicodeScalars.count <= maxLength else { throw AppError.badParameter(name, "longer than \(maxLength) characters") }
        guard !value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || (0x7F...0x9F).contains($0.value) }) else {
            throw AppError.badParameter(name, "contains control characters")
        }
        return value.isEmpty ? nil : value
    }

    func int(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = try typed(name) else { return value }
        guard let number = Int(text) else { throw AppError.badParameter(name, "'\(text)' is not a whole number") }
        guard range.contains(number) else {
            throw AppError.badParameter(name, "must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
        }
        return number
    }

    func day(_ name: String) throws -> Day? {
        guard let text = try typed(name) else { return nil }
        guard let day = Day(exactly: text) else {
            throw AppError.badParameter(name, "'\(text)' is not a date (YYYY-MM-DD) from \(Day.validYears.lowerBound) to \(Day.validYears.upperBound)")
        }
        return day
    }

    func window(_ name: String = "window") throws -> TrendingWindow {
        guard let text = try typed(name) else { return .day }
        guard let window = TrendingWindow(rawValue: text) else {
            throw AppError.badParameter(name, "must be one of day, week, month")
        }
        return window
    }

    /// `mode`: keyword, semantic or hybrid; nil when not given (the site's default).
    func mode() throws -> SearchMode? {
        guard let text = try typed("mode") else { return nil }
        guard let mode = SearchMode(rawValue: text.lowercased()) else {
            throw AppError.badParameter("mode", "'\(text)' is not keyword, semantic or hybrid")
        }
        return mode
    }

    /// The search of `q`, with the `category` and `author` parameters added as filters.
    func searchRequest(limit: Int, offset: Int) throws -> (text: String, request: SearchRequest) {
        let text = try self.text("q") ?? ""
        let category = try self.text("category", maxLength: 40), author = try self.text("author", maxLength: 200)
        let since = try day("since"), until = try day("until"), sort = try typed("sort")
        do {
            return (text, try SearchRequest.build(text: text, categories: category.map { [$0] } ?? [], authors: author.map { [$0] } ?? [],
                                                  since: since, until: until, limit: limit, offset: offset, sort: sort))
        } catch {
            throw AppError.badParameter(error.parameter, error.reason)
        }
    }
}
