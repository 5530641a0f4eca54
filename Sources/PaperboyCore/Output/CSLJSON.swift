import Foundation

/// Papers as CSL-JSON, the format Zotero, Mendeley and pandoc read: an array of items of
/// type "article" with the arXiv id as `number`, its abstract page as `URL`, and ids made
/// from the BibTeX keys (made unique within the export).
public enum CSLJSON {
    struct Name: Encodable {
        var family: String
        var given: String?
    }

    struct DateParts: Encodable {
        var dateParts: [[Int]]
        enum CodingKeys: String, CodingKey { case dateParts = "date-parts" }
    }

    struct Item: Encodable {
        var id: String
        var type = "article"
        var title: String
        var author: [Name]
        var issued: DateParts?
        var abstract: String?
        var URL: String?
        var DOI: String?
        var number: String?
        var publisher: String?
        var note: String?
    }

    public static func export(_ papers: [Paper]) throws -> Data {
        var used: [String: Int] = [:]
        let items = papers.map { paper -> Item in
            // Keys repeat (two papers by Wang in 2024 on "learning"): the second gets "-2", ...
            var id = BibTeX.key(for: paper)
            let seen = used[id, default: 0]
            used[id] = seen + 1
            if seen > 0 { id += "-\(seen + 1)" }
            let date = paper.published ?? paper.listed
            let links = PaperLinks(paper.id)
            return Item(id: id, title: paper.title, author: paper.authors.map(name),
                        issued: date.map { DateParts(dateParts: [[$0.year, $0.month, $0.day]]) }, abstract: paper.abstract,
                        URL: links.abstract, DOI: paper.doi, number: paper.id.isArxiv ? paper.id.rawValue : nil,
                        publisher: paper.id.isArxiv ? "arXiv" : nil, note: paper.id.isArxiv ? "arXiv:\(paper.id.rawValue)" : nil)
        }
        return try JSONOutput.encode(items, pretty: true)
    }

    /// "Ada B. Lovelace" as family "Lovelace", given "Ada B."; a single word is a family name.
    static func name(_ author: String) -> Name {
        let words = author.split(separator: " ")
        guard words.count > 1, let family = words.last else { return Name(family: author, given: nil) }
        return Name(family: String(family), given: words.dropLast().joined(separator: " "))
    }
}
