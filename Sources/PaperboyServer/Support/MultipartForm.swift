import Foundation

/// The fields of a `multipart/form-data` body (RFC 7578), as a browser sends a form with a
/// file: each part's name, file name and bytes. Only what an upload form needs; a body that
/// does not follow the format yields nil.
struct MultipartForm {
    struct Part {
        let name: String
        let filename: String?
        let data: [UInt8]
    }

    let parts: [Part]

    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    func text(_ name: String) -> String? { part(name).map { String(decoding: $0.data, as: UTF8.self) } }

    /// The boundary of a `Content-Type: multipart/form-data; boundary=...` header.
    static func boundary(contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    init?(body: [UInt8], boundary: String) {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        guard var position = MultipartForm.find(delimiter, in: body, from: 0) else { return nil }
        while true {
            position += delimiter.count
            // "--" after a delimiter closes the body.
            if body.count >= position + 2, body[position] == UInt8(ascii: "-"), body[position + 1] == UInt8(ascii: "-") { break }
            guard let headerStart = MultipartForm.lineEnd(body, from: position),
                  let headerEnd = MultipartForm.find(Array("\r\n\r\n".utf8), in: body, from: headerStart - 2),
                  // A part needs its headers (Content-Disposition at least): an empty block is no part.
                  headerEnd > headerStart,
                  let next = MultipartForm.find(Array("\r\n".utf8) + delimiter, in: body, from: headerEnd + 4) else { return nil }
            let headers = String(decoding: body[headerStart..<headerEnd], as: UTF8.self)
            guard let (name, filename) = MultipartForm.disposition(headers) else { return nil }
            parts.append(Part(name: name, filename: filename, data: Array(body[(headerEnd + 4)..<next])))
            position = next + 2
        }
        self.parts = parts
    }

    /// Where the line that starts at `from` (the rest of the delimiter's line) ends, past its CRLF.
    private static func lineEnd(_ body: [UInt8], from: Int) -> Int? {
        find(Array("\r\n".utf8), in: body, from: from).map { $0 + 2 }
    }

    /// The `name` and `filename` of a part's Content-Disposition header.
    private static func disposition(_ headers: String) -> (String, String?)? {
        for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            var name: String?
            var filename: String?
            for parameter in line.split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
                switch pair[0].lowercased() {
                case "name": name = value
                case "filename": filename = value
                default: break
                }
            }
            return name.map { ($0, filename) }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, haystack.count >= needle.count else { return nil }
        var i = start
        let first = needle[0]
        while i <= haystack.count - needle.count {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
