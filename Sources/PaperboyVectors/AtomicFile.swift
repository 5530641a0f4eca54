#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How every index file beside the database is written: into a temporary file, flushed to
/// disk, renamed over the old one, and the directory flushed, so a crash at any moment leaves
/// either the old file or the new one, whole.
public enum AtomicFile {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `path` from what `body` hands to the writer it is given, in order.
    public static func write(to path: String, _ body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: "cannot open \(temporary): errno \(errno)") }
        var closed = false
        defer { if !closed { close(fd); unlink(temporary) } }
        try body { bytes in try writeAll(fd, bytes, path: temporary) }
        guard fsync(fd) == 0 else { throw Failure(description: "cannot flush \(temporary): errno \(errno)") }
        closed = true
        guard close(fd) == 0 else {
            unlink(temporary)
            throw Failure(description: "cannot close \(temporary): errno \(errno)")
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(description: "cannot rename \(temporary): errno \(code)")
        }
        // Make the rename itself durable.
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let dfd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    /// Writes `bytes` as the whole file.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { write in try bytes.withUnsafeBytes { try write($0) } }
    }

    private static func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
        #else
        Darwin.write(fd, bytes, count)
        #endif
    }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = systemWrite(fd, next, Swift.min(left, 1 << 30))
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "cannot write \(path): errno \(errno)")
            }
            next += written
            left -= written
        }
    }
}
