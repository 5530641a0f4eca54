/// One page of an arXiv API (`/api/query`) answer: its entries and the total the query
/// matches. A page that is not a whole Atom feed is an error (fetched again, never used in
/// part); arXiv's error entry (a bad query) is reported as `error`.
public struct ArxivAPIPage: Sendable {
    public var records: [ParsedRecord]
    public var totalResults: Int?
    public var error: String?

    public struct Malformed: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func parse(_ bytes: [UInt8], source: String) throws(Malformed) -> ArxivAPIPage {
        var stream = XMLRecordStream(ByteStream(bytes: bytes), recordNames: ["entry", "totalResults"])
        var page = ArxivAPIPage(records: [], totalResults: nil, error: nil)
        do {
            while let element = try stream.next() {
                guard stream.rootName == "feed" else { throw Malformed(description: "not an Atom feed (root <\(stream.rootName ?? "?")>)") }
                if element.name == "totalResults" {
                    page.totalResults = Int(element.text.trimmingWhitespace())
                    continue
                }
                let rawID = element.value("id") ?? ""
                if rawID.contains("/api/errors") {
                    page.error = element.value("summary") ?? element.value("title") ?? rawID
                    continue
                }
                page.records.append(ParsedRecord(ArxivAtomParser.draft(element, source: source), at: .record(page.records.count + 1)))
            }
        } catch let failure as Malformed {
            throw failure
        } catch {
            throw Malformed(description: "\(error)")
        }
        guard stream.rootName == "feed" else { throw Malformed(description: "an empty response") }
        return page
    }
}
