import Foundation
@_exported import PaperboyTestSupport
@testable import PaperboyCore

enum Fixtures {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
    }

    /// Every record a file yields, through the same reader `paperboy import` uses.
    static func records(_ name: String, format: ImportFormat? = nil) throws -> [ParsedRecord] {
        try records(atPath: path(name), format: format)
    }

    static func records(atPath path: String, format: ImportFormat? = nil) throws -> [ParsedRecord] {
        var (reader, _) = try RecordReaders.open(path: path, format: format)
        var all: [ParsedRecord] = []
        while let record = try reader.next() { all.append(record) }
        return all
    }

    static func papers(_ name: String, format: ImportFormat? = nil) throws -> [Paper] {
        try records(name, format: format).compactMap { if case .paper(let p, _) = $0 { p } else { nil } }
    }

    static func issues(_ name: String) throws -> [RecordIssue] {
        try records(name).compactMap { if case .invalid(let issue) = $0 { issue } else { nil } }
    }
}

func day(_ text: String) -> Day { Day(text)! }
func pid(_ text: String) -> PaperID { PaperID.parse(text)!.id }
