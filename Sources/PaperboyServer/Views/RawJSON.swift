import Foundation
import Hummingbird
import Mustache
import PaperboyCore

/// JSON already written (by `PaperListJSON.json()`).
struct RawJSON: ResponseGenerator {
    var text: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
