import Foundation

/// Which slots a graph walk has already scored: one generation mark per slot, so starting a
/// walk is O(1) (bump the generation) rather than clearing millions of flags.
final class VisitedSet {
    private var marks: [UInt16] = []
    private var generation: UInt16 = 0

    /// Starts a walk over `slots` slots.
    func reset(slots: Int) {
        if marks.count < slots {
            marks.append(contentsOf: repeatElement(0, count: slots - marks.count + slots / 4))
        }
        if generation == .max {
            generation = 0
            for i in marks.indices { marks[i] = 0 }
        }
        generation += 1
    }

    /// Marks `slot`; returns false when it was already marked in this walk.
    @inline(__always)
    func insert(_ slot: UInt32) -> Bool {
        marks.withUnsafeMutableBufferPointer { marks in
            let index = Int(slot)
            if marks[index] == generation { return false }
            marks[index] = generation
            return true
        }
    }
}

/// Visited sets for concurrent searches: each search borrows one (a set is megabytes at
/// millions of slots, too much to allocate per query) and returns it.
final class VisitedPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [VisitedSet] = []

    func borrow() -> VisitedSet {
        lock.withLock { free.popLast() } ?? VisitedSet()
    }

    func giveBack(_ set: VisitedSet) {
        lock.withLock { if free.count < 16 { free.append(set) } }
    }
}
