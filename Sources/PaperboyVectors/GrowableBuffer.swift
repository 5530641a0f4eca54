#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A heap buffer of plain values that grows with `realloc`. At millions of vectors the code
/// array is about a gigabyte; an Array's growth copies it and holds both copies for a moment,
/// while glibc's realloc moves a large block with mremap, without copying or doubling memory.
///
/// Not thread safe, and not freed by itself: the owner calls `deallocate()` (a struct, so the
/// hot paths read `base` without reference counting).
struct GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int

    init(capacity: Int = 0) {
        self.capacity = Swift.max(capacity, 1)
        base = GrowableBuffer.allocate(nil, self.capacity)
    }

    /// Ensures room for `count` elements, growing by half again at least so appends stay cheap.
    mutating func reserve(_ count: Int) {
        guard count > capacity else { return }
        let grown = Swift.max(count, capacity + capacity / 2)
        base = GrowableBuffer.allocate(base, grown)
        capacity = grown
    }

    func deallocate() { free(base) }

    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    private static func allocate(_ old: UnsafeMutablePointer<Element>?, _ count: Int) -> UnsafeMutablePointer<Element> {
        let bytes = count * MemoryLayout<Element>.stride
        guard let raw = realloc(old, bytes) else { fatalError("VectorGraph: out of memory growing to \(bytes) bytes") }
        return raw.bindMemory(to: Element.self, capacity: count)
    }
}
