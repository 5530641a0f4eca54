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

    /// Serves `routes`, whose files are paths relative to `base`; nil when the server cannot
    /// start. Waits for it without blocking a thread.
    public static func launch(in directory: TemporaryDirectory, base: String, routes: [Route]) async throws -> ReplayServer? {
        let (scenario, log) = try prepare(in: directory, base: base, routes: routes)
        guard let server = try await ToolServer.launch("replay_server.py", [scenario, log]) else { return nil }
        return ReplayServer(server: server, log: log, owner: directory)
    }

    /// `launch` for synchronous callers: blocks the calling thread until the server is ready.
    public convenience init?(in directory: TemporaryDirectory, base: String, routes: [Route]) throws {
        let (scenario, log) = try Self.prepare(in: directory, base: base, routes: routes)
        guard let server = try ToolServer.start("replay_server.py", [scenario, log]) else { return nil }
        self.init(server: server, log: log, owner: directory)
    }

    private init(server: ToolServer, log: String, owner: TemporaryDirectory) {
        self.server = server
        self.log = log
        self.owner = owner
    }

    /// Writes the scenario file and creates the empty request log: their paths.
    private static func prepare(in directory: TemporaryDirectory, base: String, routes: [Route]) throws -> (scenario: String, log: String) {
        struct Scenario: Encodable { var base: String; var routes: [Route] }
        let scenario = directory.path("scenario-\(UUID().uuidString).json")
        try JSONEncoder().encode(Scenario(base: base.hasSuffix("/") ? base : base + "/", routes: routes))
            .write(to: URL(fileURLWithPath: scenario))
        let log = directory.path("requests-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        return (scenario, log)
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
