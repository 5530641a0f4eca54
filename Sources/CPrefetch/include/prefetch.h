#ifndef PAPERBOY_PREFETCH_H
#define PAPERBOY_PREFETCH_H

/// Asks the CPU to start loading the cache lines of `bytes` bytes at `address` (for reading,
/// kept in every cache level), so a graph walk can fetch the next rows while it scores the
/// current one. Swift has no prefetch of its own; a static inline function in a header is
/// inlined into Swift code as if written there. A hint only: it never faults.
static inline void paperboy_prefetch(const void *address, long bytes) {
    const char *p = (const char *)address;
    for (long offset = 0; offset < bytes; offset += 64) {
        __builtin_prefetch(p + offset, 0, 3);
    }
}

#endif
