/// The best `limit` hits seen so far (higher score first, equal scores in id order), and
/// the score a new hit must reach to enter once it is full.
struct TopK {
    let limit: Int
    /// A min-heap on (score, reversed id): its root is the hit to drop next.
    private var heap: [KeywordIndex.Hit] = []

    init(_ limit: Int) {
        self.limit = limit
        heap.reserveCapacity(limit)
    }

    /// Nil until full; then the weakest kept score (a hit must score at least this to enter).
    var threshold: Double? { heap.count == limit ? heap[0].score : nil }

    /// Whether `a` ranks below `b`.
    private static func weaker(_ a: KeywordIndex.Hit, _ b: KeywordIndex.Hit) -> Bool {
        a.score != b.score ? a.score < b.score : a.id > b.id
    }

    mutating func offer(_ hit: KeywordIndex.Hit) {
        if heap.count < limit {
            heap.append(hit)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard TopK.weaker(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if TopK.weaker(heap[0], hit) {
            heap[0] = hit
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var weakest = parent
                if left < heap.count, TopK.weaker(heap[left], heap[weakest]) { weakest = left }
                if right < heap.count, TopK.weaker(heap[right], heap[weakest]) { weakest = right }
                guard weakest != parent else { break }
                heap.swapAt(parent, weakest)
                parent = weakest
            }
        }
    }

    /// The hits, best first.
    func sorted() -> [KeywordIndex.Hit] {
        heap.sorted { TopK.weaker($1, $0) }
    }
}
