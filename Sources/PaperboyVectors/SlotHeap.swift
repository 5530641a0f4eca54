/// A slot (internal node position) with its similarity to the current query.
struct ScoredSlot {
    var score: Float
    var slot: UInt32
}

/// Which end of a `SlotHeap` is on top.
protocol HeapOrder {
    /// Whether `a` belongs above `b`.
    static func above(_ a: ScoredSlot, _ b: ScoredSlot) -> Bool
}

/// Best score on top: the frontier of a graph walk, expanded best first.
enum BestFirst: HeapOrder {
    @inline(__always) static func above(_ a: ScoredSlot, _ b: ScoredSlot) -> Bool { a.score > b.score }
}

/// Worst score on top: the kept results, whose root is the one to drop next.
enum WorstFirst: HeapOrder {
    @inline(__always) static func above(_ a: ScoredSlot, _ b: ScoredSlot) -> Bool { a.score < b.score }
}

/// A binary heap of scored slots (the walk's heaps hold at most a few hundred).
struct SlotHeap<Order: HeapOrder> {
    private(set) var items: [ScoredSlot] = []

    init(capacity: Int) { items.reserveCapacity(capacity) }

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }
    var top: ScoredSlot? { items.first }

    mutating func push(_ item: ScoredSlot) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Order.above(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> ScoredSlot? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            siftDown()
        }
        return first
    }

    /// Replaces the top (cheaper than pop then push).
    mutating func replaceTop(_ item: ScoredSlot) {
        items[0] = item
        siftDown()
    }

    private mutating func siftDown() {
        var parent = 0
        let count = items.count
        while true {
            let left = 2 * parent + 1, right = left + 1
            var chosen = parent
            if left < count, Order.above(items[left], items[chosen]) { chosen = left }
            if right < count, Order.above(items[right], items[chosen]) { chosen = right }
            guard chosen != parent else { return }
            items.swapAt(parent, chosen)
            parent = chosen
        }
    }

    /// The items, best score first (ties by slot, so results are deterministic).
    func sortedBestFirst() -> [ScoredSlot] {
        items.sorted { $0.score != $1.score ? $0.score > $1.score : $0.slot < $1.slot }
    }
}
