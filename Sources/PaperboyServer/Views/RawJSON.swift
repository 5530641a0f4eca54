import Foundation
import Hummingbird
import Mustache
import PaperboyCore

/// JSON already written (by `PaperListJSON.json()`).
struct RawJSON: ResponseGenerator {
    var text: String
    /// A reader's own answer (ranked for them): no shared cache may keep it.
    var noStore = false

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: text)))
        if noStore { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
