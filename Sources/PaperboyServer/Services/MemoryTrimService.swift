import ServiceLifecycle

/// Hands the memory malloc holds free back to the system every half minute. Each malloc arena
/// keeps what it frees (about 30 MB of a 93k-paper server after loading its indexes, more after
/// a rebuild or a snapshot written from one buffer; BENCHMARKS.md). A trim takes a few
/// milliseconds; per request it would cost more than it saves.
struct MemoryTrimService: Service {
    var interval: Duration = .seconds(30)

    func run() async {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                GlibcMalloc.trim()
            }
        }
    }
}
