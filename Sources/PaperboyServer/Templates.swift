import Foundation
import Hummingbird
import Mustache
import PaperboyCore

/// The Mustache templates in Resources/templates. Every `{{value}}` is HTML-escaped by
/// Mustache; the templates use no triple braces, so no value is ever written unescaped.
struct Templates: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> Templates {
        guard let directory = Bundle.module.url(forResource: "Resources", withExtension: nil)?.appendingPathComponent("templates") else {
            throw AppError(.internalServerError, "templates missing from the bundle")
        }
        return Templates(library: try await MustacheLibrary(directory: directory.path))
    }

    func render(_ template: String, _ view: Any) -> String {
        guard let html = library.render(view, withTemplate: template) else {
            preconditionFailure("no template named \(template)")
        }
        return html
    }
}

/// An HTML page response.
struct HTMLPage: ResponseGenerator {
    var html: String
    var status: HTTPResponse.Status = .ok

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// A JSON response in Paperboy's JSON style (sorted keys, explicit nulls).
struct JSONBody<Value: Encodable>: ResponseGenerator {
    var value: Value
    var status: HTTPResponse.Status = .ok

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONOutput.encode(value, pretty: false)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// JSON already written (by `PaperListJSON.json()`).
struct RawJSON: ResponseGenerator {
    var text: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
