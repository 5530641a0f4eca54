import Foundation

/// A reader over records already parsed from a whole, small document (Hugging Face JSON, .abs).
public struct DocumentRecordReader: RecordReader {
    private var records: IndexingIterator<[ParsedRecord]>

    public init(_ records: [ParsedRecord]) { self.records = records.makeIterator() }

    public mutating func next() throws(InputError) -> ParsedRecord? { records.next() }
}
