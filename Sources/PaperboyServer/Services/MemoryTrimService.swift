import ServiceLifecycle

/// Hands the memory malloc holds free back to the system every half minute. Under load each
/// worker thread allocates in an arena of its own, and glibc keeps what those arenas free:
/// a 93k-paper server with both indexes and the model grew from about 420 to 500-650 MB
/// under wrk and went back to 380 MB after one `malloc_trim` (BENCHMARKS.md). A trim takes a
/// few milliseconds; per request it would cost more than it saves.
struct MemoryTrimService: Service {
    var interval: Duration = .seconds(30)

    func run() async {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                FreedMemory.release()
            }
        }
    }
}
