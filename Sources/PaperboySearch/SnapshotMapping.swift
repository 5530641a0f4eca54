#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A snapshot file mapped read-only into memory, unmapped when the last index reading from it
/// goes. The snapshot is replaced by renaming a new file over it (`AtomicFile`), so the file
/// mapped here is never changed while mapped.
final class SnapshotMapping: @unchecked Sendable {
    // @unchecked: the mapping is read-only and never moves; `bytes` is set once.
    let bytes: UnsafeRawBufferPointer

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failed(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var facts = stat()
        guard fstat(descriptor, &facts) == 0 else { throw Failed(description: "cannot stat \(path): \(String(cString: strerror(errno)))") }
        let size = Int(facts.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else {
            throw Failed(description: "cannot map \(path): \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    /// Lets go of the pages read so far: they stay in the system's file cache, and a later
    /// read maps them back. Loading reads every page once (the checksum), and only the
    /// pages that searches read should count as the server's memory.
    func releasePages() {
        guard let base = bytes.baseAddress else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), bytes.count, MADV_DONTNEED)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
