#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation

/// A child process run for a test without ever blocking a thread of Swift concurrency's
/// cooperative pool (it has as many threads as cores, two here: two tests blocked in a process
/// wait starve every other async test). Its exit arrives through Foundation's
/// `terminationHandler`, captured output is read as it comes by a thread of its own, and a
/// deadline is a Dispatch timer that fails the wait: nothing sleeps or polls.
///
/// `run` runs a command to its end, its output going through files (no pipe can fill up);
/// `init` starts one that keeps running (a server, a process to kill part way), whose lines
/// a test can wait for with `line(in:within:where:)`.
public final class ChildProcess: @unchecked Sendable {
    /// Where standard output or standard error goes.
    public enum Output: Sendable {
        case discard
        /// Kept in memory line by line, for `line(in:within:where:)` and `output(_:)`.
        case capture
        /// Into this file (created, or emptied).
        case file(String)
    }

    /// Where standard input comes from.
    public enum Input: Sendable {
        /// /dev/null.
        case none
        case file(String)
        /// A pipe, open until `closeInput()` (how the servers in Tests/tools are stopped).
        case pipe
    }

    public enum Stream: Sendable {
        case stdout, stderr
    }

    public struct Exit: Sendable, Equatable {
        public var reason: Process.TerminationReason
        /// The exit status, or the signal that ended it.
        public var status: Int32
    }

    /// A finished `run`.
    public struct Result: Sendable {
        public var exit: Exit
        public var stdout: String
        public var stderr: String

        public var status: Int32 { exit.status }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs a program looked up on PATH: `/usr/bin/env` is the default executable.
    public static let env = URL(fileURLWithPath: "/usr/bin/env")

    public var pid: Int32 { process.processIdentifier }
    /// What ran, for messages.
    public let command: String

    private let process = Process()
    private let lock = NSLock()
    // Guarded by `lock`.
    private var ended: Exit?
    private var exitWaiters: [@Sendable (Exit) -> Void] = []
    private var captured: [Stream: Captured] = [:]
    private var lineWaiters: [Int: LineWaiter] = [:]
    private var nextWaiter = 0
    private var input: FileHandle?

    private struct Captured {
        var lines: [String] = []
        var partial: [UInt8] = []
        var closed = false
    }

    private struct LineWaiter {
        var stream: Stream
        var match: @Sendable (String) -> Bool
        var done: @Sendable (Swift.Result<String?, Failure>) -> Void
    }

    /// Starts `executable` with `arguments`. `environment` nil inherits the test's.
    public init(_ arguments: [String], executable: URL = ChildProcess.env, environment: [String: String]? = nil,
                directory: URL? = nil, input: Input = .none, stdout: Output = .capture, stderr: Output = .discard) throws {
        command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }

        var opened: [FileHandle] = []
        defer { for handle in opened { try? handle.close() } }
        var pipes: [Stream: Pipe] = [:]
        func destination(_ output: Output, _ stream: Stream) throws -> Any {
            switch output {
            case .discard:
                return FileHandle.nullDevice
            case .capture:
                let pipe = Self.privatePipe()
                pipes[stream] = pipe
                return pipe
            case .file(let path):
                guard FileManager.default.createFile(atPath: path, contents: nil) else { throw Failure(description: "cannot create \(path)") }
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                opened.append(handle)
                return handle
            }
        }
        process.standardOutput = try destination(stdout, .stdout)
        process.standardError = try destination(stderr, .stderr)
        var inputPipe: Pipe?
        switch input {
        case .none:
            process.standardInput = FileHandle.nullDevice
        case .file(let path):
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            opened.append(handle)
            process.standardInput = handle
        case .pipe:
            inputPipe = Self.privatePipe()
            process.standardInput = inputPipe
        }
        for stream in pipes.keys { captured[stream] = Captured() }

        // Set before run(), so an exit can never be missed. It holds `self` until the exit.
        process.terminationHandler = { process in
            self.exited(Exit(reason: process.terminationReason, status: process.terminationStatus))
        }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            throw Failure(description: "cannot start \(command): \(error)")
        }
        // Foundation closed the child's ends of the pipes; read ours as data arrives.
        self.input = inputPipe?.fileHandleForWriting
        for (stream, pipe) in pipes { startReading(pipe, stream) }
    }

    // MARK: Running to the end

    /// Runs `executable` with `arguments` to its end and returns its exit and output; `input`
    /// is its standard input. Output goes through files, so no pipe can fill up and block.
    public static func run(_ arguments: [String], executable: URL = ChildProcess.env, environment: [String: String]? = nil,
                           directory: URL? = nil, input: Data? = nil) async throws -> Result {
        let files = try Scratch(input: input)
        defer { files.remove() }
        let child = try ChildProcess(arguments, executable: executable, environment: environment, directory: directory,
                                     input: files.input.map { .file($0) } ?? .none, stdout: .file(files.stdout), stderr: .file(files.stderr))
        return try files.result(await child.waitForExit(), of: child)
    }

    /// `run` for the few callers that cannot await (static initialisers, and the synchronous
    /// API of this module kept for existing callers): it blocks the calling thread.
    static func runBlocking(_ arguments: [String], executable: URL = ChildProcess.env, environment: [String: String]? = nil,
                            directory: URL? = nil, input: Data? = nil) throws -> Result {
        let files = try Scratch(input: input)
        defer { files.remove() }
        let child = try ChildProcess(arguments, executable: executable, environment: environment, directory: directory,
                                     input: files.input.map { .file($0) } ?? .none, stdout: .file(files.stdout), stderr: .file(files.stderr))
        return try files.result(child.waitForExitBlocking(), of: child)
    }

    /// The temporary files of one `run`.
    private struct Scratch {
        let stdout, stderr: String
        let input: String?

        init(input data: Data?) throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-child-\(UUID().uuidString)").path
            stdout = base + ".out"
            stderr = base + ".err"
            if let data {
                input = base + ".in"
                try data.write(to: URL(fileURLWithPath: base + ".in"))
            } else {
                input = nil
            }
        }

        func result(_ exit: Exit, of child: ChildProcess) throws -> Result {
            func text(_ path: String) throws -> String {
                guard let text = String(data: try Data(contentsOf: URL(fileURLWithPath: path)), encoding: .utf8) else {
                    throw Failure(description: "\(child.command) wrote output that is not UTF-8")
                }
                return text
            }
            return Result(exit: exit, stdout: try text(stdout), stderr: try text(stderr))
        }

        func remove() {
            for path in [stdout, stderr, input].compactMap({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    // MARK: Exit

    /// Whether it has not exited yet.
    public var isRunning: Bool { lock.withLock { ended == nil } }

    /// Waits for the exit, without blocking a thread.
    public func waitForExit() async -> Exit {
        await withCheckedContinuation { continuation in whenExited { continuation.resume(returning: $0) } }
    }

    /// Waits for the exit, blocking the calling thread: only for this module's synchronous API.
    func waitForExitBlocking() -> Exit {
        let semaphore = DispatchSemaphore(value: 0)
        let exit = Locked<Exit?>(nil)
        whenExited { exit.value = $0; semaphore.signal() }
        semaphore.wait()
        return exit.value!
    }

    private func whenExited(_ done: @escaping @Sendable (Exit) -> Void) {
        let now: Exit? = lock.withLock {
            if ended == nil { exitWaiters.append(done) }
            return ended
        }
        if let now { done(now) }
    }

    private func exited(_ exit: Exit) {
        let waiters = lock.withLock {
            ended = exit
            defer { exitWaiters = [] }
            return exitWaiters
        }
        process.terminationHandler = nil
        for waiter in waiters { waiter(exit) }
    }

    /// Sends `signal`, unless it has already exited.
    public func signal(_ signal: Int32) {
        lock.withLock {
            if ended == nil { _ = Glibc.kill(pid, signal) }
        }
    }

    /// SIGTERM now, and SIGKILL if it is still running after `grace`; returns at once, so a
    /// `defer` can call it.
    public func terminate(killingAfter grace: Duration = .seconds(10)) {
        signal(SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.seconds(grace)) { self.signal(SIGKILL) }
    }

    /// `terminate(killingAfter:)`, then blocks until the exit: for a `deinit` whose files the
    /// process may still write while it stops (a server saves its index on SIGTERM).
    public func terminateAndWait(killingAfter grace: Duration = .seconds(10)) {
        terminate(killingAfter: grace)
        _ = waitForExitBlocking()
    }

    /// `terminate(killingAfter:)`, then waits for the exit.
    public func stop(killingAfter grace: Duration = .seconds(10)) async -> Exit {
        terminate(killingAfter: grace)
        return await waitForExit()
    }

    /// SIGKILL, then waits for the exit.
    public func kill() async -> Exit {
        signal(SIGKILL)
        return await waitForExit()
    }

    /// SIGKILL the moment a line on `stream` that `match` accepts arrives, sent from the
    /// thread that reads the output (a test resumed on a busy cooperative pool could come too
    /// late: the process may have finished meanwhile); then waits for the exit. The line is
    /// nil when the stream ended without one (the process was not killed then).
    public func kill(atLine stream: Stream = .stdout, within timeout: Duration = .seconds(120),
                     where match: @escaping @Sendable (String) -> Bool) async throws -> (line: String?, exit: Exit) {
        let line: String? = try await withCheckedThrowingContinuation { continuation in
            whenLine(in: stream, within: timeout, where: match) { result in
                if case .success(.some) = result { self.signal(SIGKILL) }
                continuation.resume(with: result)
            }
        }
        return (line, await waitForExit())
    }

    /// Closes standard input (given as `.pipe`).
    public func closeInput() {
        let handle = lock.withLock {
            defer { input = nil }
            return input
        }
        try? handle?.close()
    }

    // MARK: Captured output

    /// The first line (since the start) on `stream` that `match` accepts, without its line
    /// end; nil when the stream ends without one. Throws when no such line came within
    /// `timeout`. `stream` must be `.capture`d. `match` runs under a lock: keep it simple.
    public func line(in stream: Stream = .stdout, within timeout: Duration = .seconds(120),
                     where match: @escaping @Sendable (String) -> Bool) async throws -> String? {
        try await withCheckedThrowingContinuation { continuation in
            whenLine(in: stream, within: timeout, where: match) { continuation.resume(with: $0) }
        }
    }

    /// `line(in:within:where:)`, blocking the calling thread: only for this module's synchronous API.
    func lineBlocking(in stream: Stream = .stdout, within timeout: Duration = .seconds(120),
                      where match: @escaping @Sendable (String) -> Bool) throws -> String? {
        let semaphore = DispatchSemaphore(value: 0)
        let result = Locked<Swift.Result<String?, Failure>?>(nil)
        whenLine(in: stream, within: timeout, where: match) { result.value = $0; semaphore.signal() }
        semaphore.wait()
        return try result.value!.get()
    }

    /// Everything captured on `stream` so far.
    public func output(_ stream: Stream) -> String {
        lock.withLock {
            guard let output = captured[stream] else { return "" }
            return (output.lines + (output.partial.isEmpty ? [] : [String(decoding: output.partial, as: UTF8.self)])).joined(separator: "\n")
        }
    }

    private func whenLine(in stream: Stream, within timeout: Duration, where match: @escaping @Sendable (String) -> Bool,
                          _ done: @escaping @Sendable (Swift.Result<String?, Failure>) -> Void) {
        let (now, id): (Swift.Result<String?, Failure>?, Int) = lock.withLock {
            guard let output = captured[stream] else {
                return (.failure(Failure(description: "\(command): \(stream) is not captured")), 0)
            }
            if let line = output.lines.first(where: match) { return (.success(line), 0) }
            if output.closed { return (.success(nil), 0) }
            nextWaiter += 1
            lineWaiters[nextWaiter] = LineWaiter(stream: stream, match: match, done: done)
            return (nil, nextWaiter)
        }
        if let now { return done(now) }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.seconds(timeout)) {
            guard let waiter = self.lock.withLock({ self.lineWaiters.removeValue(forKey: id) }) else { return }
            let tail = self.output(stream).suffix(2_000)
            waiter.done(.failure(Failure(description: "\(self.command) printed no such line on \(stream) within \(timeout); it printed: \(tail)")))
        }
    }

    /// A pipe whose ends no other child started meanwhile inherits (this one gets its end as
    /// standard input or output, which clears close-on-exec), so closing ours ends the stream.
    private static func privatePipe() -> Pipe {
        let pipe = Pipe()
        for handle in [pipe.fileHandleForReading, pipe.fileHandleForWriting] {
            _ = fcntl(handle.fileDescriptor, F_SETFD, FD_CLOEXEC)
        }
        return pipe
    }

    /// Reads the parent's end of `pipe` as data arrives, on a thread of its own (blocking
    /// reads, never on the cooperative pool and never registered with Dispatch's event loop).
    private func startReading(_ pipe: Pipe, _ stream: Stream) {
        // A copy no other child inherits, so the end of the output is seen when this one ends.
        let fd = fcntl(pipe.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 0)
        try? pipe.fileHandleForReading.close()
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    self.received(Array(buffer[..<count]), on: stream)
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(fd)
            self.received([], on: stream, closed: true)
        }
        reader.name = "paperboy.child-process.\(stream)"
        reader.start()
    }

    private func received(_ bytes: [UInt8], on stream: Stream, closed: Bool = false) {
        var finished: [(LineWaiter, String?)] = []
        lock.withLock {
            guard var output = captured[stream] else { return }
            output.partial += bytes
            var newLines: [String] = []
            while let end = output.partial.firstIndex(of: UInt8(ascii: "\n")) {
                var line = output.partial[..<end]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                newLines.append(String(decoding: line, as: UTF8.self))
                output.partial.removeSubrange(...end)
            }
            if closed {
                if !output.partial.isEmpty { newLines.append(String(decoding: output.partial, as: UTF8.self)) }
                output.partial = []
                output.closed = true
            }
            output.lines += newLines
            captured[stream] = output
            for (id, waiter) in lineWaiters where waiter.stream == stream {
                if let line = newLines.first(where: waiter.match) {
                    finished.append((waiter, line))
                } else if closed {
                    finished.append((waiter, nil))
                } else {
                    continue
                }
                lineWaiters[id] = nil
            }
        }
        for (waiter, line) in finished { waiter.done(.success(line)) }
    }

    /// A value handed from one thread to another.
    private final class Locked<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Value

        init(_ value: Value) { stored = value }

        var value: Value {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
