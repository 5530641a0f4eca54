/// How far back a trending list looks.
public enum TrendingWindow: String, CaseIterable, Sendable, Codable {
    case day, week, month

    public var days: Int {
        switch self {
        case .day: 1
        case .week: 7
        case .month: 30
        }
    }

    public var title: String {
        switch self {
        case .day: "Today"
        case .week: "This week"
        case .month: "This month"
        }
    }
}
