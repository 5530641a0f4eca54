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
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PaperboyCoreTests/Fixtures/\(name)").path
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs to completion; output goes through files, so no pipe can fill up and block.
    static func run(_ arguments: [String], environment: [String: String] = [:], executable: URL = CLI.executable,
                    in dir: TemporaryDirectory) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = baseEnvironment.merging(environment) { $1 }
        process.currentDirectoryURL = dir.url
        let out = dir.path("stdout-\(UUID().uuidString)"), err = dir.path("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOfFile: out, encoding: .utf8),
                      stderr: try String(contentsOfFile: err, encoding: .utf8))
    }

    /// The environment without any PAPERBOY_ settings of the machine running the tests.
    static var baseEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PAPERBOY_") }
    }
}
