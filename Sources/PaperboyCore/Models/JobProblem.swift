import Foundation

/// Something a background job set aside: one reader whose digest could not be made, one
/// mail the store could not record, one embedding batch that failed. The job logs it, counts
/// it in /metrics, records it here with its reason and goes on with the rest; `digest
/// status` and the admin page list what is here. A later success clears the item. (The
/// importer reports skipped records in its own output; fetch runs on the admin page.)
public struct JobProblem: Sendable, Equatable {
    public enum Job: String, Sendable, CaseIterable {
        case digest, mail, embed
    }

    public var job: Job
    /// What failed, in the job's words: "subscription 42", "line 17".
    public var item: String
    public var reason: String
    /// How many times it failed since it was first set aside.
    public var count: Int
    public var firstAt: Date
    public var lastAt: Date

    /// The item as a store keeps it, recording and clearing alike: its first 200 characters.
    public static func storedItem(_ item: String) -> String { String(item.prefix(200)) }

    /// The reason as a store keeps it: its first 1,000 characters.
    public static func storedReason(_ reason: String) -> String { String(reason.prefix(1_000)) }

    public init(job: Job, item: String, reason: String, count: Int = 1, firstAt: Date, lastAt: Date) {
        self.job = job
        self.item = item
        self.reason = reason
        self.count = count
        self.firstAt = firstAt
        self.lastAt = lastAt
    }
}
