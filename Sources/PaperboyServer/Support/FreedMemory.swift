#if canImport(Glibc)
import Glibc
#endif

/// Gives the pages malloc holds free back to the system. Building or loading an index frees
/// far more than the server keeps (a snapshot read whole, a build's temporary lists), and
/// glibc keeps those pages in its per-thread arenas: 30-40 MB of a 93k-paper server's
/// resident memory. Called after such a step, never per request.
enum FreedMemory {
    static func release() {
        #if canImport(Glibc)
        trim?(0)
        #endif
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
