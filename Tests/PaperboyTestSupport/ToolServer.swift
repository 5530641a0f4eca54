import Foundation

/// A server from Tests/tools (a Python script) running for one test: started with its
/// arguments, ready once it prints "READY <port>", stopped by closing its standard input.
public final class ToolServer: @unchecked Sendable {
    public let port: Int
    private let child: ChildProcess

    static let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tools")

    public static func toolPath(_ name: String) -> String { tools.appendingPathComponent(name).path }

    /// How long a script may take to print its READY line.
    static let startup: Duration = .seconds(60)

    /// Nil when the script cannot start (a Python module is missing). Waits for its READY
    /// line without blocking a thread.
    public static func launch(_ script: String, _ arguments: [String]) async throws -> ToolServer? {
        let child = try spawn(script, arguments)
        do {
            return ready(child, firstLine: try await child.line(within: startup) { _ in true })
        } catch {
            child.terminate()
            throw error
        }
    }

    /// `launch` for synchronous callers: blocks the calling thread until the READY line.
    public static func start(_ script: String, _ arguments: [String]) throws -> ToolServer? {
        let child = try spawn(script, arguments)
        do {
            return ready(child, firstLine: try child.lineBlocking(within: startup) { _ in true })
        } catch {
            child.terminate()
            throw error
        }
    }

    private static func spawn(_ script: String, _ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(["python3", toolPath(script)] + arguments, input: .pipe)
    }

    private static func ready(_ child: ChildProcess, firstLine: String?) -> ToolServer? {
        guard let line = firstLine, line.hasPrefix("READY "), let port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) else {
            child.terminate()
            return nil
        }
        return ToolServer(port: port, child: child)
    }

    private init(port: Int, child: ChildProcess) {
        self.port = port
        self.child = child
    }

    /// Closes its input without waiting: it exits on its own.
    deinit { child.closeInput() }

    /// Closes its input and waits (blocking the calling thread briefly) until it has exited,
    /// so its port is closed when this returns.
    public func stop() {
        child.closeInput()
        _ = child.waitForExitBlocking()
    }
}
