#if canImport(Glibc)
import Glibc
#endif

/// glibc's malloc controls, looked up at run time: the Glibc module exports neither
/// `malloc_trim` nor `mallopt`, and another C library may have neither (then these do nothing).
public enum GlibcMalloc {
    /// Hands the memory malloc holds free back to the system.
    static func trim() {
        #if canImport(Glibc)
        _ = trimFunction?(0)
        #endif
    }

    /// Caps the number of malloc arenas at `count` (glibc's default is 8 per core). Every
    /// thread that meets a locked arena makes another, and each keeps what it freed: a 93k
    /// server held 7-20 MiB more after searches in every mode with the default than with two,
    /// at the same throughput (BENCHMARKS.md). Call it first thing, before threads allocate.
    public static func limitArenas(to count: Int) {
        #if canImport(Glibc)
        let arenaMax: Int32 = -8  // M_ARENA_MAX in malloc.h
        _ = optionFunction?(arenaMax, Int32(clamping: count))
        #endif
    }

    #if canImport(Glibc)
    private static let trimFunction: (@convention(c) (Int) -> Int32)? = symbol("malloc_trim")
    private static let optionFunction: (@convention(c) (Int32, Int32) -> Int32)? = symbol("mallopt")

    private static func symbol<F>(_ name: String) -> F? {
        guard let symbol = dlsym(dlopen(nil, RTLD_LAZY), name) else { return nil }
        return unsafeBitCast(symbol, to: F.self)
    }
    #endif
}
