/// One page of an OAI-PMH `ListRecords` answer: its records, the token for the next page,
/// or the OAI error it carries. A page that is not whole, well-formed OAI-PMH XML is an
/// error, so a truncated download is never imported in part.
public struct OAIPMHPage: Sendable {
    public var records: [ParsedRecord]
    /// The next page's token; nil on the last page (an empty token means the same).
    public var resumptionToken: String?
    public var completeListSize: Int?
    public var cursor: Int?
    /// An OAI error (`noRecordsMatch`, `badResumptionToken`, ...) with its message.
    public var error: (code: String, message: String)?

    public struct Malformed: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func parse(_ bytes: [UInt8], source: String) throws(Malformed) -> OAIPMHPage {
        var stream = XMLRecordStream(ByteStream(bytes: bytes), recordNames: ["record", "error", "resumptionToken", "responseDate"])
        var page = OAIPMHPage(records: [], resumptionToken: nil, completeListSize: nil, cursor: nil, error: nil)
        var sawEnd = false
        do {
            while let element = try stream.next() {
                guard stream.rootName == "OAI-PMH" else { throw Malformed(description: "not an OAI-PMH response (root <\(stream.rootName ?? "?")>)") }
                switch element.name {
                case "record":
                    page.records.append(OAIPMHParser.parse(record: element, at: .record(page.records.count + 1), source: source))
                case "error":
                    page.error = (element.attributes["code"] ?? "error", String(element.text.trimmingWhitespace()))
                case "resumptionToken":
                    let token = String(element.text.trimmingWhitespace())
                    page.resumptionToken = token.isEmpty ? nil : token
                    page.completeListSize = element.attributes["completeListSize"].flatMap { Int($0) }
                    page.cursor = element.attributes["cursor"].flatMap { Int($0) }
                default:
                    break
                }
            }
            sawEnd = true
        } catch let failure as Malformed {
            throw failure
        } catch {
            throw Malformed(description: "\(error)")
        }
        guard sawEnd, stream.rootName == "OAI-PMH" else {
            throw Malformed(description: stream.rootName == nil ? "an empty response" : "not an OAI-PMH response")
        }
        return page
    }
}
