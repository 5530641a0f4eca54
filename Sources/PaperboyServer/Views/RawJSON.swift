import Foundation
import Hummingbird
import Mustache
import PaperboyCore

/// JSON already written (by `PaperListJSON.jsonBytes()`).
struct RawJSON: ResponseGenerator {
    var bytes: [UInt8]
    /// A reader's own answer (ranked for them): no shared cache may keep it.
    var noStore = false

    init(bytes: [UInt8], noStore: Bool = false) {
        self.bytes = bytes
        self.noStore = noStore
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        if noStore { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
