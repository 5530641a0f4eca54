#if canImport(Glibc)
import Glibc
#endif

/// Splits a file into lines without holding more than one chunk (plus the longest line,
/// at most `maxLineLength`) in memory: the import of a multi-gigabyte snapshot runs in
/// constant memory, and so does a gzip bomb that inflates to one gigabyte-long line.
public struct LineReader {
    private let file: InputFile
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    public private(set) var lineNumber = 0
    /// Lines longer than this are not kept: they stream past and come back empty, with
    /// `oversizedLength` set. No real record comes near it (arXiv's longest are ~100 kB).
    public let maxLineLength: Int
    /// The length of the line just returned when it was over `maxLineLength` (and so
    /// returned empty); nil for a line returned whole.
    public private(set) var oversizedLength: Int?

    public static let defaultMaxLineLength = 4 << 20

    public init(file: InputFile, chunkSize: Int = 1 << 20, maxLineLength: Int = LineReader.defaultMaxLineLength) {
        self.file = file
        self.buffer = [UInt8](repeating: 0, count: min(chunkSize, max(maxLineLength, 1)))
        self.maxLineLength = max(1, maxLineLength)
    }

    /// The next line without its terminator (`\n` or `\r\n`), or nil at the end of the file.
    public mutating func nextLine() throws(InputError) -> ArraySlice<UInt8>? {
        oversizedLength = nil
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
            if end - start >= maxLineLength {
                lineNumber += 1
                oversizedLength = try skipRestOfLine()
                return buffer[0..<0]
            }
            try refill()
        }
    }

    /// Drops the line in the buffer and reads past its end without keeping it; returns
    /// its length.
    private mutating func skipRestOfLine() throws(InputError) -> Int {
        var length = end - start
        start = 0
        end = 0
        while true {
            let n = try file.read(into: &buffer, at: 0)
            if n == 0 {
                atEOF = true
                return length
            }
            end = n
            if let newline = findNewline() {
                length += newline
                start = newline + 1
                return length
            }
            length += n
            end = 0
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
