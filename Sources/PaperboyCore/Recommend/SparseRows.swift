/// Rows of sparse feature vectors (compressed sparse rows): row `i`'s columns and values are
/// `columns[starts[i]..<starts[i + 1]]` and the same range of `values`. What tf-idf gives and
/// the linear models read; one allocation per array, not one per row.
public struct SparseRows: Sendable {
    public private(set) var starts: [Int] = [0]
    public private(set) var columns: [Int32] = []
    public private(set) var values: [Float] = []
    /// The number of columns (features).
    public var width: Int

    public init(width: Int) { self.width = width }

    public var count: Int { starts.count - 1 }

    /// Appends a row; `entries` need not be sorted.
    public mutating func append(_ entries: some Sequence<(column: Int32, value: Float)>) {
        for (column, value) in entries {
            precondition(column >= 0 && Int(column) < width, "column \(column) outside 0..<\(width)")
            columns.append(column)
            values.append(value)
        }
        starts.append(columns.count)
    }

    public func range(of row: Int) -> Range<Int> { starts[row]..<starts[row + 1] }
}
