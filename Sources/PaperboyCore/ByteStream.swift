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

    private mutating func refill() throws(InputError) -> Bool {
        guard !atEOF, let file else { return false }
        let n = try file.read(into: &buffer, at: 0)
        index = 0
        end = n
        if n == 0 { atEOF = true }
        return n > 0
    }
}
