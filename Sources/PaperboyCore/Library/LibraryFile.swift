import Foundation

/// A library file a reader imports: a BibTeX export (Zotero, Mendeley, Google Scholar), a
/// Zotero CSL-JSON export, or a plain list of arXiv ids, arXiv URLs or DOIs, one or more per
/// line. The format is told from the content.
public enum LibraryFile {
    public enum Format: String, Sendable {
        case bibtex, cslJSON = "csl-json", idList = "ids"
    }

    /// Larger files are refused before parsing.
    public static let maximumBytes = 20 << 20

    public struct Contents: Sendable {
        public var format: Format
        public var references: [LibraryReference]
        /// Parts of the file that could not be read, with their line or place.
        public var problems: [String]
    }

    public struct TooLarge: Error, CustomStringConvertible {
        public var description: String { "a library file may be at most \(LibraryFile.maximumBytes >> 20) MiB" }
    }

    public static func format(of text: String) -> Format {
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if start.hasPrefix("[") || start.hasPrefix("{") { return .cslJSON }
        // A BibTeX entry starts a line with @ (Google Scholar's export has nothing before it).
        for line in text.split(whereSeparator: \.isNewline).prefix(10_000)
        where line.drop(while: \.isWhitespace).first == "@" { return .bibtex }
        return .idList
    }

    public static func read(_ text: String) throws -> Contents {
        guard text.utf8.count <= maximumBytes else { throw TooLarge() }
        switch format(of: text) {
        case .bibtex:
            let (entries, problems) = BibTeXReader.entries(in: text)
            return Contents(format: .bibtex, references: entries.map(reference), problems: problems)
        case .cslJSON:
            return cslJSON(text)
        case .idList:
            return idList(text)
        }
    }

    /// What a BibTeX entry says of its paper.
    static func reference(_ entry: BibTeXReader.Entry) -> LibraryReference {
        let f = entry.fields
        var id: PaperID?
        let archive = (f["archiveprefix"] ?? f["eprinttype"] ?? "arxiv").lowercased()
        if let eprint = f["eprint"], archive.contains("arxiv") { id = PaperID.parse(plain(eprint))?.id }
        for field in ["doi", "url", "journal", "note", "howpublished", "number", "publisher", "booktitle"] where id == nil {
            if let value = f[field] { id = LibraryReference.arxivID(in: plain(value)) }
        }
        let doi = f["doi"].flatMap { LibraryReference.doi(plain($0)) }
        return LibraryReference(key: entry.key.isEmpty ? nil : entry.key, title: f["title"].map(plain).flatMap { $0.isEmpty ? nil : $0 },
                                arxivID: id, doi: doi, line: entry.line)
    }

    /// A BibTeX value as text: accents decoded, braces gone, whitespace collapsed.
    static func plain(_ value: String) -> String {
        TeX.decodeAccents(value).replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func cslJSON(_ text: String) -> Contents {
        guard let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
            return Contents(format: .cslJSON, references: [], problems: ["not valid JSON"])
        }
        // Zotero exports an array; a single item is accepted too.
        let items = (json as? [Any]) ?? [json]
        var references: [LibraryReference] = []
        var problems: [String] = []
        for (number, item) in items.prefix(BibTeXReader.maximumEntries).enumerated() {
            guard let item = item as? [String: Any] else {
                problems.append("item \(number + 1): not an object")
                continue
            }
            func string(_ key: String) -> String? {
                if let s = item[key] as? String { return s }
                if let n = item[key] as? NSNumber { return n.stringValue }
                return nil
            }
            var id: PaperID?
            for key in ["number", "URL", "DOI", "archive_location", "note", "container-title", "id"] where id == nil {
                if let value = string(key) { id = LibraryReference.arxivID(in: value) }
            }
            references.append(LibraryReference(key: string("id"), title: string("title").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") },
                                               arxivID: id, doi: string("DOI").flatMap(LibraryReference.doi), line: number + 1))
        }
        return Contents(format: .cslJSON, references: references, problems: problems)
    }

    static func idList(_ text: String) -> Contents {
        var references: [LibraryReference] = []
        var problems: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // A line starting with # is a comment.
            guard line.drop(while: \.isWhitespace).first != "#" else { continue }
            for word in line.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }) {
                let text = String(word)
                if let id = LibraryReference.arxivID(in: text) {
                    references.append(LibraryReference(key: text, arxivID: id, line: number + 1))
                } else if let doi = LibraryReference.doi(text) {
                    references.append(LibraryReference(key: text, doi: doi, line: number + 1))
                } else {
                    problems.append("line \(number + 1): '\(text.prefix(100))' is no arXiv id, arXiv URL or DOI")
                }
                guard references.count + problems.count < BibTeXReader.maximumEntries else {
                    return Contents(format: .idList, references: references, problems: problems + ["more than \(BibTeXReader.maximumEntries) entries; the rest is ignored"])
                }
            }
        }
        return Contents(format: .idList, references: references, problems: problems)
    }
}
