import CZlib
#if canImport(Glibc)
import Glibc
#endif

/// A file read as a byte stream, gunzipped on the fly when it is gzip (zlib reads plain
/// files through unchanged), so every importer handles `.gz` the same way.
public final class InputFile {
    public let path: String
    private var handle: gzFile?

    public init(path: String) throws(InputError) {
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadable(path: path, reason: "not a regular file")
        }
        guard let handle = gzopen(path, "rb") else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        gzbuffer(handle, 1 << 18)
        self.handle = handle
    }

    deinit {
        if let handle { gzclose(handle) }
    }

    /// Reads into `bytes[offset...]`; returns the number of bytes read, 0 at the end of the file.
    public func read(into bytes: inout [UInt8], at offset: Int) throws(InputError) -> Int {
        guard let handle, offset < bytes.count else { return 0 }
        let n = bytes.withUnsafeMutableBytes { raw in
            gzread(handle, raw.baseAddress! + offset, UInt32(min(raw.count - offset, Int(Int32.max))))
        }
        if n < 0 || (n == 0 && hasError(handle)) {
            throw .corrupt(path: path, reason: errorMessage(handle))
        }
        return Int(n)
    }

    private func hasError(_ handle: gzFile) -> Bool {
        var code: Int32 = 0
        _ = gzerror(handle, &code)
        return code != Z_OK && code != Z_STREAM_END
    }

    private func errorMessage(_ handle: gzFile) -> String {
        var code: Int32 = 0
        guard let message = gzerror(handle, &code) else { return "read error" }
        return code == Z_ERRNO ? String(cString: strerror(errno)) : String(cString: message)
    }

    /// The first bytes of the file (decompressed), for format detection.
    public static func head(of path: String, count: Int = 65_536) throws(InputError) -> [UInt8] {
        let file = try InputFile(path: path)
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try file.read(into: &bytes, at: filled)
            if n == 0 { break }
            filled += n
        }
        return Array(bytes[..<filled])
    }

    /// The whole (decompressed) file, for formats that are one document rather than a stream
    /// of lines. Bounded, so a wrong guess cannot exhaust memory.
    public func readAll(limit: Int = 512 << 20) throws(InputError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try read(into: &chunk, at: 0)
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<n])
            if bytes.count > limit { throw .tooLarge(path: path, limit: limit) }
        }
    }
}
