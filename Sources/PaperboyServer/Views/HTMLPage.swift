import Foundation
import Hummingbird
import Mustache
import PaperboyCore

/// An HTML page response.
struct HTMLPage: ResponseGenerator {
    var html: String
    var status: HTTPResponse.Status = .ok
    /// Pages that show a token a reader holds (manage, unsubscribe) are never stored by a
    /// browser or proxy cache.
    var noStore = false

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        if noStore { headers[.cacheControl] = "no-store" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
