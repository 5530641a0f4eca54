import Foundation

/// A retrieval benchmark in BEIR's layout: `corpus.jsonl` (`_id`, `title`, `text`),
/// `queries.jsonl` (`_id`, `text`) and `qrels/SPLIT.tsv` (query-id, corpus-id, score, with a
/// header line). Each file may be gzipped (`corpus.jsonl.gz`). A malformed line is reported
/// with its file and line and skipped.
public struct BEIRDataset: Sendable {
    public struct Document: Hashable, Sendable {
        public var id: String
        public var title: String
        public var text: String
    }

    public var documents: [Document] = []
    /// Only the queries with judgments in the split, in file order.
    public var queries: [(id: String, text: String)] = []
    /// Each query's relevant documents and their grades (> 0).
    public var judgments: [String: [String: Int]] = [:]
    /// Lines that could not be read, as `file:line: reason`.
    public var problems: [String] = []

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    public init(directory: String, split: String) throws {
        var problems: [String] = [], judgments: [String: [String: Int]] = [:]
        var queries: [(id: String, text: String)] = [], documents: [Document] = []
        let qrels = try BEIRDataset.file(directory + "/qrels/" + split + ".tsv")
        var lineNumber = 0
        for line in try BEIRDataset.lines(qrels) {
            lineNumber += 1
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if lineNumber == 1 && fields.first == "query-id" { continue }
            if fields.allSatisfy(\.isEmpty) { continue }
            guard fields.count >= 3, !fields[0].isEmpty, !fields[1].isEmpty, let grade = Int(fields[2]) else {
                problems.append("\(qrels):\(lineNumber): expected query-id, corpus-id and an integer score separated by tabs")
                continue
            }
            if grade > 0 { judgments[fields[0], default: [:]][fields[1]] = grade }
        }
        let queryFile = try BEIRDataset.file(directory + "/queries.jsonl")
        try BEIRDataset.records(queryFile, problems: &problems) { record in
            guard let id = BEIRDataset.id(record["_id"]), let text = record["text"] as? String else { return "expected _id and text" }
            if judgments[id] != nil { queries.append((id, text)) }
            return nil
        }
        let corpusFile = try BEIRDataset.file(directory + "/corpus.jsonl")
        try BEIRDataset.records(corpusFile, problems: &problems) { record in
            guard let id = BEIRDataset.id(record["_id"]) else { return "expected _id" }
            let title = record["title"] as? String ?? "", text = record["text"] as? String ?? ""
            guard !(title + text).allSatisfy(\.isWhitespace) else { return "the document has no title and no text" }
            documents.append(Document(id: id, title: title, text: text))
            return nil
        }
        self.problems = problems
        self.judgments = judgments
        self.queries = queries
        self.documents = documents
    }

    /// The path of `path`, or of `path.gz` when only that exists.
    static func file(_ path: String) throws -> String {
        if FileManager.default.fileExists(atPath: path) { return path }
        if FileManager.default.fileExists(atPath: path + ".gz") { return path + ".gz" }
        throw Missing(description: "\(path) not found (nor \(path).gz): is this a BEIR dataset directory?")
    }

    /// BEIR writes ids as strings, some exports as numbers.
    static func id(_ value: Any?) -> String? {
        switch value {
        case let text as String where !text.isEmpty: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    static func lines(_ path: String) throws -> [String] {
        var reader = LineReader(file: try InputFile(path: path))
        var lines: [String] = []
        while let line = try reader.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
        return lines
    }

    /// Calls `read` with each line's JSON object; a non-nil answer is a problem with that line.
    static func records(_ path: String, problems: inout [String], _ read: ([String: Any]) -> String?) throws {
        var reader = LineReader(file: try InputFile(path: path))
        while let line = try reader.nextLine() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let record = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                problems.append("\(path):\(reader.lineNumber): not a JSON object")
                continue
            }
            if let problem = read(record) { problems.append("\(path):\(reader.lineNumber): \(problem)") }
        }
    }
}
