/// The `capacity` best-scored items seen so far (higher score first, equal scores in index
/// order), kept in a min-heap so choosing the top 50 of 90,000 candidates costs one pass.
public struct TopScores: Sendable {
    public let capacity: Int
    private var heap: [(index: Int, score: Float)] = []

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
        heap.reserveCapacity(self.capacity)
    }

    private static func weaker(_ a: (index: Int, score: Float), _ b: (index: Int, score: Float)) -> Bool {
        a.score != b.score ? a.score < b.score : a.index > b.index
    }

    public mutating func offer(_ index: Int, _ score: Float) {
        let item = (index: index, score: score.isNaN ? -.infinity : score)
        if heap.count < capacity {
            heap.append(item)
            var child = heap.count - 1
            while child > 0, case let parent = (child - 1) / 2, Self.weaker(heap[child], heap[parent]) {
                heap.swapAt(child, parent)
                child = parent
            }
        } else if capacity > 0, Self.weaker(heap[0], item) {
            heap[0] = item
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var weakest = parent
                if left < heap.count, Self.weaker(heap[left], heap[weakest]) { weakest = left }
                if right < heap.count, Self.weaker(heap[right], heap[weakest]) { weakest = right }
                guard weakest != parent else { break }
                heap.swapAt(parent, weakest)
                parent = weakest
            }
        }
    }

    /// The kept indexes, best first.
    public func ranked() -> [Int] { rankedWithScores().map(\.index) }

    public func rankedWithScores() -> [(index: Int, score: Float)] { heap.sorted { Self.weaker($1, $0) } }
}
