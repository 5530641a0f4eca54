import Foundation

public enum RecordReaders {
    /// Opens `path` with the reader for `format`, detecting the format when it is nil.
    public static func open(path: String, format: ImportFormat?) throws(InputError) -> (any RecordReader, ImportFormat) {
        let format = if let format { format } else { try detectFormat(path: path) }
        let file = try InputFile(path: path)
        let source = format.sourceTag
        switch format {
        case .jsonl:
            let decoder = JSONDecoder()
            return (JSONLinesReader(file: file) { try PaperboyJSONRecord.draft(from: $0, decoder: decoder) }, format)
        case .kaggle:
            let decoder = JSONDecoder()
            return (JSONLinesReader(file: file) { try KaggleRecord.draft(from: $0, decoder: decoder) }, format)
        case .text:
            return (TextPageReader(file: file), format)
        case .atom:
            return (ArxivAtomParser.reader(ByteStream(file: file), source: source), format)
        case .oai:
            return (OAIPMHParser.reader(ByteStream(file: file), source: source), format)
        case .abs:
            return (DocumentRecordReader(AbsFileParser.parse(try file.readAll(), source: source)), format)
        case .hf:
            return (DocumentRecordReader(HFDailyPapersParser.parse(try file.readAll(), source: source)), format)
        }
    }

    public static func detectFormat(path: String) throws(InputError) -> ImportFormat {
        let head = try InputFile.head(of: path)
        let name = path.lowercased()
        if name.hasSuffix(".abs") || name.hasSuffix(".abs.gz") { return .abs }
        if name.hasSuffix(".txt") || name.hasSuffix(".txt.gz") { return .text }
        guard let format = ImportFormat.detect(head: head) else { throw .unknownFormat(path: path) }
        return format
    }
}
