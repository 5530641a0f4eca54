/// A calendar day (UTC), the only date precision Paperboy stores: `YYYY-MM-DD`.
///
/// Parsing accepts the shapes real sources use: ISO 8601 dates and timestamps
/// (`2024-01-25`, `2004-08-18T23:13:32Z`) and RFC 2822 dates as arXiv writes them
/// (`Mon, 2 Apr 2007 19:18:42 GMT`). It is hand-written because it runs once or twice
/// per imported record and a `DateFormatter` costs far more.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// yyyymmdd as one number (20260310), which sorts as days do: how indexes keep a day
    /// (`paperboy_published`, `KeywordIndex`).
    public var number: Int { year * 10_000 + month * 100 + day }

    public static let validYears = 1900...2999

    public init?(year: Int, month: Int, day: Int) {
        guard Day.validYears.contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (optionally followed by a time) or an RFC 2822 date.
    public init?(_ text: some StringProtocol) {
        // ISO dates (what the stores hold: three a paper read) are read in the text's own
        // UTF-8, without copying it out first.
        var string = String(text)
        let (iso, start) = string.withUTF8 { bytes -> (Day?, Int) in
            let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.count
            return (Day.parseISO(UnsafeBufferPointer(rebasing: bytes[start...])), start)
        }
        if let iso {
            self = iso
        } else if let rfc = Day.parseRFC2822(Array(string.utf8.dropFirst(start))) {
            self = rfc
        } else {
            return nil
        }
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
        var value = 0
        for i in range {
            let b = bytes[i]
            guard b >= 0x30 && b <= 0x39 else { return nil }
            value = value * 10 + Int(b - 0x30)
        }
        return value
    }

    private static func parseISO(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y = digits(b, 0..<4), let m = digits(b, 5..<7), let d = digits(b, 8..<10) else { return nil }
        // Anything after the date must start a time part, not more digits ("2024-01-255").
        if b.count > 10, ![UInt8(ascii: "T"), UInt8(ascii: " "), UInt8(ascii: "t")].contains(b[10]) { return nil }
        return Day(year: y, month: m, day: d)
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `[Www, ]D Mon YYYY[ hh:mm:ss zone]`
    private static func parseRFC2822(_ b: [UInt8]) -> Day? {
        let text = String(decoding: b, as: UTF8.self)
        var words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        if let first = words.first, first.first?.isLetter == true { words.removeFirst() }
        guard words.count >= 3, let d = Int(words[0]), words[0].count <= 2,
              let m = monthNames.firstIndex(of: String(words[1].prefix(3)).lowercased()),
              words[1].count >= 3, words[2].count == 4, let y = Int(words[2]) else { return nil }
        return Day(year: y, month: m + 1, day: d)
    }
}

extension Day: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date: \(text)")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
