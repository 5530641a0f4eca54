import Foundation

/// A real HTTP server replaying recorded responses (Tests/tools/replay_server.py), with
/// scripted faults, logging every request it receives with its arrival time.
public final class ReplayServer: @unchecked Sendable {
    public struct Route: Encodable, Sendable {
        public var path: String
        public var match: [String: String]
        public var file: String
        public var faults: [Fault]

        public init(path: String, match: [String: String] = [:], file: String, faults: [Fault] = []) {
            self.path = path
            self.match = match
            self.file = file
            self.faults = faults
        }
    }

    public struct Fault: Encodable, Sendable {
        public var status: Int?
        public var retry_after: Int?
        public var truncate: Bool?
        public var hang: Double?
        /// Another file, answered with 200 (an OAI error page, say).
        public var file: String?

        public static func busy(retryAfter seconds: Int) -> Fault { Fault(status: 503, retry_after: seconds) }
        public static let serverError = Fault(status: 500)
        public static let truncated = Fault(truncate: true)
        public static func hang(_ seconds: Double) -> Fault { Fault(hang: seconds) }
        public static func instead(_ file: String) -> Fault { Fault(file: file) }
    }

    public struct Request {
        public var time: Double
        public var path: String
        public var query: [String: String]
        public var status: Int
        public var agent: String
    }

    private let server: ToolServer
    private let log: String
    private let owner: TemporaryDirectory

    public var url: String { "http://127.0.0.1:\(server.port)" }

    /// Serves `routes`, whose files are paths relative to `base`.
    public init?(in directory: TemporaryDirectory, base: String, routes: [Route]) throws {
        struct Scenario: Encodable { var base: String; var routes: [Route] }
        let scenario = directory.path("scenario-\(UUID().uuidString).json")
        try JSONEncoder().encode(Scenario(base: base.hasSuffix("/") ? base : base + "/", routes: routes))
            .write(to: URL(fileURLWithPath: scenario))
        log = directory.path("requests-\(UUID().uuidString).jsonl")
        FileManager.default.createFile(atPath: log, contents: nil)
        guard let server = try ToolServer.start("replay_server.py", [scenario, log]) else { return nil }
        self.server = server
        owner = directory
    }

    public func stop() { server.stop() }

    /// Every request so far, in arrival order.
    public func requests() throws -> [Request] {
        try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return Request(time: object["t"] as? Double ?? 0, path: object["path"] as? String ?? "",
                           query: object["query"] as? [String: String] ?? [:], status: object["status"] as? Int ?? 0,
                           agent: object["agent"] as? String ?? "")
        }
    }
}
