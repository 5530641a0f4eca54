extension Array {
    /// A copy with room for exactly its elements: an array grown by appending keeps up to
    /// twice the room it needs, which matters for the few large arrays a server keeps for
    /// as long as it runs.
    func exactlySized() -> [Element] {
        withUnsafeBufferPointer { source in
            [Element](unsafeUninitializedCapacity: source.count) { buffer, count in
                _ = buffer.initialize(fromContentsOf: source)
                count = source.count
            }
        }
    }
}
