import Foundation
@testable import PaperboyServer
import Testing

/// The upload form's body as browsers write it (RFC 7578), and bodies that are not.
@Suite struct MultipartFormTests {
    static let boundary = "----WebKitFormBoundaryx7Y3aP0gQ"

    static func body(_ parts: [(String, String?, String)]) -> [UInt8] {
        var text = ""
        for (name, filename, value) in parts {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"" + (filename.map { "; filename=\"\($0)\"" } ?? "") + "\r\n"
            if filename != nil { text += "Content-Type: application/octet-stream\r\n" }
            text += "\r\n\(value)\r\n"
        }
        return Array((text + "--\(boundary)--\r\n").utf8)
    }

    @Test func readsFieldsAndFilesByteForByte() throws {
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=\(Self.boundary)") == Self.boundary)
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary(contentType: "application/x-www-form-urlencoded") == nil)
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
        // A file holding CRLFs, a delimiter-like line without its CRLF, and non-ASCII text.
        let file = "@misc{a,\r\n title = {--\(Self.boundary)x}\r\n}\r\n\u{00E9}"
        let form = try #require(MultipartForm(body: Self.body([("csrf", nil, "tok"), ("file", "my lib.bib", file), ("collection", nil, "Łódź")]),
                                              boundary: Self.boundary))
        #expect(form.text("csrf") == "tok")
        #expect(form.part("file")?.filename == "my lib.bib")
        #expect(form.text("file") == file)
        #expect(form.text("collection") == "Łódź")
        #expect(form.part("missing") == nil)
        let empty = try #require(MultipartForm(body: Self.body([("file", "", "")]), boundary: Self.boundary))
        #expect(empty.part("file")?.data == [])
    }

    @Test func refusesWhatIsNotTheFormat() {
        let good = Self.body([("csrf", nil, "tok")])
        #expect(MultipartForm(body: Array(good.dropLast(30)), boundary: Self.boundary) == nil, "no closing delimiter")
        #expect(MultipartForm(body: Array("no delimiter at all".utf8), boundary: Self.boundary) == nil)
        let noName = Array("--\(Self.boundary)\r\nContent-Type: text/plain\r\n\r\nx\r\n--\(Self.boundary)--\r\n".utf8)
        #expect(MultipartForm(body: noName, boundary: Self.boundary) == nil)
        #expect(MultipartForm(body: [], boundary: Self.boundary) == nil)
        // A part with no headers at all (no browser sends it) is refused, not a crash.
        #expect(MultipartForm(body: Array("--B\r\n\r\nx\r\n--B--\r\n".utf8), boundary: "B") == nil)
        #expect(MultipartForm(body: Array("--B\r\n\r\n\r\n--B--\r\n".utf8), boundary: "B") == nil)
    }
}
