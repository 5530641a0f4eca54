/// Why the graph refused a vector or a file. A file error means: rebuild the index.
public enum VectorGraphError: Error, Equatable, CustomStringConvertible {
    /// A vector's length differs from the graph's dimensions.
    case dimensionMismatch(expected: Int, got: Int)
    /// A vector holds NaN or an infinity (it could not be quantised or compared).
    case nonFiniteComponent
    /// The file is not a vector graph, or was written by another format version.
    case notAGraphFile(String)
    /// The file is a vector graph but is cut short, fails its checksum or is inconsistent.
    case corrupt(String)
    /// A system call failed while reading or writing a file.
    case io(String, errno: Int32)

    public var description: String {
        switch self {
        case .dimensionMismatch(let expected, let got): "vector has \(got) dimensions, the graph \(expected)"
        case .nonFiniteComponent: "vector has a NaN or infinite component"
        case .notAGraphFile(let why): "not a vector graph file: \(why)"
        case .corrupt(let why): "corrupt vector graph file: \(why)"
        case .io(let what, let code): "\(what) failed (errno \(code))"
        }
    }
}
