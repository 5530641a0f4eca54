/// One search result: a node number and its similarity to the query (the dot product, which
/// is the cosine for unit vectors), as estimated from the stored int8 codes.
public struct VectorMatch: Sendable, Hashable {
    public var node: UInt32
    public var score: Float

    public init(node: UInt32, score: Float) {
        self.node = node
        self.score = score
    }
}
