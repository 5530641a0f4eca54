#if canImport(Glibc)
import Glibc
#endif

/// Bytes of a file (or of memory) one at a time, read in chunks, for the XML reader.
struct ByteStream {
    private let file: InputFile?
    private var buffer: [UInt8]
    private var index = 0
    private var end: Int
    private var atEOF: Bool

    init(file: InputFile, chunkSize: Int = 1 << 16) {
        self.file = file
        buffer = [UInt8](repeating: 0, count: chunkSize)
        end = 0
        atEOF = false
    }

    init(bytes: [UInt8]) {
        file = nil
        buffer = bytes
        end = bytes.count
        atEOF = true
    }

    /// The next byte, or nil at the end.
    @inline(__always)
    mutating func next() throws(InputError) -> UInt8? {
        if index == end {
            guard try refill() else { return nil }
        }
        let byte = buffer[index]
        index += 1
        return byte
    }

    /// The next byte without consuming it.
    mutating func peek() throws(InputError) -> UInt8? {
        if index == end {
            guard try refill() else { return nil }
        }
        return buffer[index]
    }

    /// Consumes bytes up to (not including) the next `stop` byte or the end, appending them
    /// to `out` while it holds fewer than `limit` bytes; the rest are passed over in bulk
    /// (memchr), so a gigabyte-long text node costs neither memory nor much time.
    /// Returns how many bytes were consumed and how many of them were newlines.
    mutating func consume(until stop: UInt8, into out: inout [UInt8], limit: Int) throws(InputError) -> (count: Int, newlines: Int) {
        var count = 0, newlines = 0
        while true {
            if index == end {
                guard try refill() else { return (count, newlines) }
            }
            let (runEnd, found) = buffer.withUnsafeBytes { raw -> (Int, Bool) in
                let base = raw.baseAddress!
                guard let hit = memchr(base + index, Int32(stop), end - index) else { return (end, false) }
                return (base.distance(to: UnsafeRawPointer(hit)), true)
            }
            let room = max(0, limit - out.count)
            if room > 0 { out.append(contentsOf: buffer[index..<min(runEnd, index + room)]) }
            newlines += buffer.withUnsafeBytes { raw -> Int in
                var n = 0
                var position = raw.baseAddress! + index
                let stopAt = raw.baseAddress! + runEnd
                while position < stopAt, let hit = memchr(position, 0x0A, stopAt - position) {
                    n += 1
                    position = UnsafeRawPointer(hit) + 1
                }
                return n
            }
            count += runEnd - index
            index = runEnd
            if found { return (count, newlines) }
        }
    }

    private mutating func refill() throws(InputError) -> Bool {
        guard !atEOF, let file else { return false }
        let n = try file.read(into: &buffer, at: 0)
        index = 0
        end = n
        if n == 0 { atEOF = true }
        return n > 0
    }
}
