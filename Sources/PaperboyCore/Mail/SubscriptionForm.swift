import Foundation

/// What a subscribe request carries, from the web form or the JSON API, validated into a
/// subscription. Every problem names its field.
public struct SubscriptionForm: Sendable, Decodable {
    public var email: String
    public var topics: [String]?
    public var frequency: String?
    public var hour: Int?
    public var timezone: String?
    /// Only papers with a code link in the digest.
    public var onlyWithCode: Bool?

    public init(email: String, topics: [String]? = nil, frequency: String? = nil, hour: Int? = nil, timezone: String? = nil,
                onlyWithCode: Bool? = nil) {
        self.email = email
        self.topics = topics
        self.frequency = frequency
        self.hour = hour
        self.timezone = timezone
        self.onlyWithCode = onlyWithCode
    }

    enum CodingKeys: String, CodingKey {
        case email, topics, frequency, hour, timezone, onlyWithCode = "only_with_code"
    }

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var field: String
        public var problem: String
        public var description: String { "\(field): \(problem)" }
    }

    public static let maximumTopics = 20

    /// The subscription asked for (pending, id 0), or the first problem.
    public func validated() throws -> Subscription {
        guard let address = EmailAddress(email) else { throw Invalid(field: "email", problem: "is not an email address") }
        guard (topics ?? []).count <= Self.maximumTopics else { throw Invalid(field: "topics", problem: "at most \(Self.maximumTopics) topics") }
        var parsed: [DigestTopic] = []
        for text in topics ?? [] where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard let topic = DigestTopic(text) else {
                throw Invalid(field: "topics", problem: "'\(text.prefix(60))' is too long or contains control characters")
            }
            if !parsed.contains(topic) { parsed.append(topic) }
        }
        guard parsed.count <= Self.maximumTopics else { throw Invalid(field: "topics", problem: "at most \(Self.maximumTopics) topics") }
        let frequencyValue = frequency.map { $0.lowercased() } ?? "daily"
        guard let cadence = Subscription.Frequency(rawValue: frequencyValue) else {
            throw Invalid(field: "frequency", problem: "must be daily or weekly")
        }
        let hourValue = hour ?? 7
        guard (0...23).contains(hourValue) else { throw Invalid(field: "hour", problem: "must be between 0 and 23") }
        let zone = timezone?.trimmingCharacters(in: .whitespaces) ?? "UTC"
        guard DigestSchedule.isValidTimeZone(zone) else {
            throw Invalid(field: "timezone", problem: "'\(zone.prefix(64))' is not a time zone (e.g. Europe/Berlin)")
        }
        return Subscription(email: address, topics: parsed.isEmpty ? [.trending] : parsed, frequency: cadence, hour: hourValue,
                            timeZone: zone, onlyWithCode: onlyWithCode ?? false)
    }
}
