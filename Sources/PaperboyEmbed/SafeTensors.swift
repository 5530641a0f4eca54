import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `.safetensors` file, memory-mapped: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the raw little-endian data.
/// Only F32 tensors are read (all-MiniLM-L6-v2 stores all its weights so).
public final class SafeTensors: @unchecked Sendable {
    public struct Tensor {
        public let shape: [Int]
        public let values: UnsafeBufferPointer<Float>
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    private let bytes: UnsafeRawBufferPointer
    private let tensors: [String: (dtype: String, shape: [Int], start: Int, end: Int)]
    private let base: Int

    public init(path: String) throws {
        // Mapped, not read: the weights stay in the page cache, shared by every process.
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Invalid(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 8 else { throw Invalid(description: "\(path) is too short to be a safetensors file") }
        let size = Int(info.st_size)
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw Invalid(description: "cannot map \(path)")
        }
        let file = UnsafeRawBufferPointer(start: mapped, count: size)
        bytes = file
        let headerLength = (0..<8).reduce(0) { $0 | Int(file[$1]) << (8 * $1) }
        guard headerLength > 0, 8 + headerLength <= size,
              let header = try? JSONSerialization.jsonObject(with: Data(file[8..<(8 + headerLength)])) as? [String: Any] else {
            munmap(mapped, size)
            throw Invalid(description: "\(path) has no valid safetensors header")
        }
        base = 8 + headerLength
        var tensors: [String: (String, [Int], Int, Int)] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String, let shape = entry["shape"] as? [Int],
                  let offsets = entry["data_offsets"] as? [Int], offsets.count == 2, offsets[0] <= offsets[1],
                  base + offsets[1] <= size else {
                munmap(mapped, size)
                throw Invalid(description: "\(path): bad entry for tensor \(name)")
            }
            tensors[name] = (dtype, shape, offsets[0], offsets[1])
        }
        self.tensors = tensors
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }

    public var names: [String] { tensors.keys.sorted() }

    /// The F32 tensor `name`, checked against `shape`.
    public func tensor(_ name: String, shape expected: [Int]) throws -> Tensor {
        guard let entry = tensors[name] else { throw Invalid(description: "the model has no tensor \(name)") }
        guard entry.dtype == "F32" else { throw Invalid(description: "\(name) is \(entry.dtype), not F32") }
        guard entry.shape == expected, entry.end - entry.start == expected.reduce(4, *) else {
            throw Invalid(description: "\(name) has shape \(entry.shape), not \(expected)")
        }
        // safetensors aligns tensor data; F32 at a 4-byte boundary is what the format promises.
        let start = bytes.baseAddress!.advanced(by: base + entry.start)
        guard Int(bitPattern: start) % 4 == 0 else { throw Invalid(description: "\(name) is not aligned") }
        return Tensor(shape: expected, values: UnsafeBufferPointer(start: start.assumingMemoryBound(to: Float.self),
                                                                   count: expected.reduce(1, *)))
    }
}
