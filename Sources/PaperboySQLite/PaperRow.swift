import Foundation
import GRDB
import PaperboyCore

/// How a `Paper` maps to a row of the `papers` table.
enum PaperRow {
    /// What an import writes, in `arguments` order.
    static let writtenColumns = "id, title, abstract, authors, categories, published, updated, version, doi, journal_ref, comments, upvotes, listed, sources"
    /// What `paper(_:offset:)` reads: the written columns, then the local vote count.
    static let columns = writtenColumns + ", votes"

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
            sources: JSONStringArray.decode(row[offset + 13]),
            localVotes: row[offset + 14]
        )
    }
}

/// JSON arrays of strings, written by hand because it runs for every imported row.
enum JSONStringArray {
    static func encode(_ items: [String]) -> String {
        var out = ""
        JSONText.appendStrings(items, to: &out)
        return out
    }

    /// Reads what `encode` writes (any JSON array of strings). Malformed text yields the
    /// strings read before the damage, never a crash.
    static func decode(_ text: String) -> [String] {
        var items: [String] = []
        var bytes = text.utf8[...]
        guard bytes.popFirst() == UInt8(ascii: "[") else { return [] }
        while let byte = bytes.popFirst() {
            switch byte {
            case UInt8(ascii: "\""):
                guard let item = readString(&bytes) else { return items }
                items.append(item)
            case UInt8(ascii: "]"): return items
            default: continue  // commas and whitespace
            }
        }
        return items
    }

    private static func readString(_ bytes: inout Substring.UTF8View.SubSequence) -> String? {
        var out: [UInt8] = []
        var pendingHighSurrogate: UInt32?
        while let byte = bytes.popFirst() {
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = bytes.popFirst() else { return nil }
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    let hex = bytes.prefix(4)
                    guard hex.count == 4, let code = UInt32(String(decoding: hex, as: UTF8.self), radix: 16) else { return nil }
                    bytes = bytes.dropFirst(4)
                    var scalarValue = code
                    if (0xD800...0xDBFF).contains(code) { pendingHighSurrogate = code; continue }
                    if (0xDC00...0xDFFF).contains(code), let high = pendingHighSurrogate {
                        scalarValue = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                    }
                    pendingHighSurrogate = nil
                    out.append(contentsOf: String(Unicode.Scalar(scalarValue).map(Character.init) ?? "\u{FFFD}").utf8)
                default: out.append(escape)  // \" \\ \/
                }
            default:
                out.append(byte)
            }
        }
        return nil
    }
}
