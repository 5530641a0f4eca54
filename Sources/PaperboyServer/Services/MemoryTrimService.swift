import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// Hands the memory malloc holds free back to the system every half minute. Each worker
/// thread allocates in an arena of its own, and glibc keeps what those arenas free (about
/// 30 MB of a 93k-paper server after loading its indexes, more after a rebuild or a snapshot
/// written from one buffer; BENCHMARKS.md). A trim takes a few milliseconds; per request it
/// would cost more than it saves.
struct MemoryTrimService: Service {
    var interval: Duration = .seconds(30)

    func run() async {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                #if canImport(Glibc)
                _ = MemoryTrimService.trim?(0)
                #endif
            }
        }
    }

    #if canImport(Glibc)
    /// glibc's `malloc_trim`, looked up at run time: the Glibc module does not export it, and
    /// another C library may not have it.
    private static let trim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_LAZY), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
    #endif
}
