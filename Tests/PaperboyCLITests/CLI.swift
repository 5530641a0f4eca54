import Foundation
@_exported import PaperboyTestSupport
import PaperboyCore
import PaperboySQLite

/// Runs the real `paperboy` executable built next to the test bundle.
enum CLI {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("paperboy")
    }

    /// The Core tests' real recorded fixtures, shared rather than copied.
    static func fixture(_ name: String) -> String { TestFixtures.core(name) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    typealias Result = ChildProcess.Result

    /// Runs to completion without blocking a thread; output goes through files, so no pipe
    /// can fill up and block.
    static func run(_ arguments: [String], environment: [String: String] = [:], executable: URL = CLI.executable,
                    in dir: TemporaryDirectory) async throws -> Result {
        try await ChildProcess.run(arguments, executable: executable, environment: baseEnvironment.merging(environment) { $1 },
                                   directory: dir.url)
    }

    /// The environment without any PAPERBOY_ settings of the machine running the tests.
    static var baseEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PAPERBOY_") }
    }
}
