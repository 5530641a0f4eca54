import Foundation

/// Which slots a graph walk has already scored: one generation mark per slot, so starting a
/// walk is O(1) (bump the generation) rather than clearing millions of flags.
///
/// The marks are a plain heap buffer, not an array: an array in a class is checked for
/// exclusive access on every use at run time, which was a tenth of a graph walk.
final class VisitedSet {
    private var marks: UnsafeMutablePointer<UInt16>
    private var capacity = 0
    private var generation: UInt16 = 0

    init() {
        marks = .allocate(capacity: 1)
    }

    deinit { marks.deallocate() }

    /// Starts a walk over `slots` slots.
    func reset(slots: Int) {
        if capacity < slots {
            let grown = slots + slots / 4
            let fresh = UnsafeMutablePointer<UInt16>.allocate(capacity: grown)
            fresh.initialize(repeating: 0, count: grown)
            fresh.update(from: marks, count: capacity)
            marks.deallocate()
            marks = fresh
            capacity = grown
        }
        if generation == .max {
            generation = 0
            marks.update(repeating: 0, count: capacity)
        }
        generation += 1
    }

    /// Marks `slot`; returns false when it was already marked in this walk.
    @inline(__always)
    func insert(_ slot: UInt32) -> Bool {
        let index = Int(slot)
        if marks[index] == generation { return false }
        marks[index] = generation
        return true
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
