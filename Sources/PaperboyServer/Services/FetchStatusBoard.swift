import Foundation

/// What each scheduled fetcher is doing and did, for /admin/sources.
public actor FetchStatusBoard {
    public struct Status: Sendable {
        public var name: String
        public var schedule: String
        public var running = false
        public var runs = 0
        public var failures = 0
        public var lastStart: Date?
        public var lastFinish: Date?
        public var lastSummary: String?
        public var lastError: String?
        public var nextRun: Date?
    }

    private var statuses: [String: Status] = [:]
    private var order: [String] = []

    public init() {}

    func register(_ name: String, schedule: String) {
        if statuses[name] == nil { order.append(name) }
        statuses[name] = Status(name: name, schedule: schedule)
    }

    func update(_ name: String, _ change: (inout Status) -> Void) {
        guard var status = statuses[name] else { return }
        change(&status)
        statuses[name] = status
    }

    public func all() -> [Status] { order.compactMap { statuses[$0] } }
}
