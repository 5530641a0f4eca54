import Foundation

/// Yields the records of one input, in order. `next()` throws only when the input itself
/// cannot be read further (an I/O error, a damaged gzip stream); a bad record comes back as
/// `.invalid` so that the import reports it and goes on.
public protocol RecordReader {
    mutating func next() throws(InputError) -> ParsedRecord?
}
