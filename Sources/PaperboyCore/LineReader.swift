#if canImport(Glibc)
import Glibc
#endif

/// Splits a file into lines without holding more than one chunk (plus the longest line)
/// in memory: the import of a multi-gigabyte snapshot runs in constant memory.
public struct LineReader {
    private let file: InputFile
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    public private(set) var lineNumber = 0

    public init(file: InputFile, chunkSize: Int = 1 << 20) {
        self.file = file
        self.buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    /// The next line without its terminator (`\n` or `\r\n`), or nil at the end of the file.
    public mutating func nextLine() throws(InputError) -> ArraySlice<UInt8>? {
        while true {
            if let newline = findNewline() {
                lineNumber += 1
                var lineEnd = newline
                if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = buffer[start..<lineEnd]
                start = newline + 1
                return line
            }
            if atEOF {
                guard start < end else { return nil }
                lineNumber += 1
                let line = buffer[start..<end]
                start = end
                return line
            }
            try refill()
        }
    }

    private func findNewline() -> Int? {
        guard start < end else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress,
                  let hit = memchr(base + start, 0x0A, end - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    private mutating func refill() throws(InputError) {
        // Move the unfinished line to the front; grow only when one line fills the buffer.
        if start > 0 {
            let remaining = end - start
            if remaining > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + start, remaining)
                }
            }
            start = 0
            end = remaining
        }
        if end == buffer.count {
            buffer.append(contentsOf: repeatElement(0, count: buffer.count))
        }
        let n = try file.read(into: &buffer, at: end)
        if n == 0 { atEOF = true }
        end += n
    }
}
