import Foundation
import GRDB
import PaperboyCore

/// How a `Paper` maps to a row of the `papers` table.
enum PaperRow {
    static let columns = "id, title, abstract, authors, categories, published, updated, version, doi, journal_ref, comments, upvotes, listed, sources"

    static func arguments(_ p: Paper) -> StatementArguments {
        [
            p.id.rawValue, p.title, p.abstract, JSONStringArray.encode(p.authors),
            p.categories.joined(separator: " "), p.published?.description, p.updated?.description,
            p.version, p.doi, p.journalRef, p.comments, p.upvotes, p.listed?.description,
            JSONStringArray.encode(p.sources),
        ]
    }

    /// Decodes the columns in `columns` order, starting at `offset`.
    static func paper(_ row: Row, offset: Int = 0) throws -> Paper {
        let rawID: String = row[offset]
        guard let id = PaperID.parse(rawID)?.id else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "stored paper id \(rawID) is not valid")
        }
        let categories: String = row[offset + 4]
        return Paper(
            id: id,
            title: row[offset + 1],
            abstract: row[offset + 2],
            authors: JSONStringArray.decode(row[offset + 3]),
            categories: categories.split(separator: " ").map(String.init),
            published: (row[offset + 5] as String?).flatMap { Day($0) },
            updated: (row[offset + 6] as String?).flatMap { Day($0) },
            version: row[offset + 7],
            doi: row[offset + 8],
            journalRef: row[offset + 9],
            comments: row[offset + 10],
            upvotes: row[offset + 11],
            listed: (row[offset + 12] as String?).flatMap { Day($0) },
            sources: JSONStringArray.decode(row[offset + 13])
        )
    }
}

/// JSON arrays of strings, written by hand because it runs for every imported row.
enum JSONStringArray {
    static func encode(_ items: [String]) -> String {
        var out = "["
        for (i, item) in items.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            for scalar in item.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            out += "\""
        }
        return out + "]"
    }

    static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
