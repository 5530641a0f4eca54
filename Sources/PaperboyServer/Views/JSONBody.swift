import Foundation
import Hummingbird
import Mustache
import PaperboyCore

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
