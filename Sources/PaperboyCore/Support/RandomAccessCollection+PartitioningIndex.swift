extension RandomAccessCollection {
    /// The index of the first element for which `belongs` holds, in a collection where every
    /// element for which it does not comes first (a binary search; `endIndex` when none does).
    /// Sorted insertion and "the last day on or before" are this with one predicate or another.
    @inlinable
    public func partitioningIndex(where belongs: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex, width = count
        while width > 0 {
            let half = width / 2
            let middle = index(low, offsetBy: half)
            if try belongs(self[middle]) {
                width = half
            } else {
                low = index(after: middle)
                width -= half + 1
            }
        }
        return low
    }
}
