import Foundation
import Hummingbird
import PaperboyCore
import Logging
import NIOHTTP1

/// Turns every failure into a response a user can read: JSON `{"error": ...}` under /api,
/// a friendly HTML page elsewhere. Unexpected errors are logged with their details and
/// answered with a plain 500 that names nothing internal; bad framing is the client's (400,
/// or 501 for a transfer coding this server does not implement), never a 500.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let templates: Templates

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // A transfer coding other than chunked is one this server does not implement
        // (RFC 9112 section 6.1): 501, before anything reads the body.
        if let coding = request.headers[.transferEncoding], coding.lowercased().trimmingCharacters(in: .whitespaces) != "chunked" {
            var response = page(for: request, AppError(.notImplemented, "This server does not implement the transfer coding '\(coding.prefix(40))'."))
            response.headers[.connection] = "close"
            return response
        }
        do {
            let response = try await next(request, context)
            // Hummingbird answers unknown routes and wrong methods itself, with empty bodies.
            if response.status.code >= 400, response.headers[.contentType] == nil {
                var rendered = page(for: request, AppError(response.status, ErrorPageMiddleware.message(for: response.status)))
                if let allow = response.headers[.allow] { rendered.headers[.allow] = allow }
                return rendered
            }
            return response
        } catch let error as AppError {
            return page(for: request, error)
        } catch let error as any HTTPResponseError {
            return page(for: request, AppError(error.status, ErrorPageMiddleware.message(for: error.status)))
        } catch let error as HTTPParserError {
            // Bad framing found while reading the body: the client's fault, never a 500.
            context.logger.notice("malformed request", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            var response = page(for: request, AppError(.badRequest, "The request is malformed."))
            response.headers[.connection] = "close"
            return response
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return page(for: request, AppError(.internalServerError, ErrorPageMiddleware.message(for: .internalServerError)))
        }
    }

    static func message(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "There is no page at this address."
        case 405: "This address does not accept that method."
        case 413: "The request is too large."
        case 400..<500: status.reasonPhrase
        default: "Something went wrong on our side. It has been logged; please try again later."
        }
    }

    private func page(for request: Request, _ error: AppError) -> Response {
        if request.uri.path.hasPrefix("/api/") || request.uri.path.hasPrefix("/feeds/") {
            let body = ErrorJSON(error: .init(status: Int(error.status.code), message: error.message, parameter: error.parameter))
            let data = (try? JSONOutput.encode(body, pretty: false)) ?? Data("{}".utf8)
            return Response(status: error.status, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        if let location = error.location {
            return Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        }
        let heading = switch error.status.code {
        case 404: "Not found"
        case 500...: "Something went wrong"
        default: error.status.reasonPhrase
        }
        let html = templates.render(.error, ["q": "", "heading": heading, "message": error.message])
        return Response(status: error.status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
