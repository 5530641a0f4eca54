import Hummingbird

/// HEAD answers as GET would, without the body (RFC 9110 section 9.3.2): every page route
/// is registered for both methods (`Router.getAndHead`), and this middleware, the
/// outermost, drops the body of any HEAD response while keeping its Content-Length.
struct HeadRequestMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard request.method == .head else { return response }
        response.body = ResponseBody(contentLength: response.body.contentLength) { _ in }
        return response
    }
}

extension RouterMethods {
    /// Registers `handler` for GET and for HEAD.
    @discardableResult
    func getAndHead(_ path: RouterPath, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator) -> Self {
        get(path, use: handler)
        head(path, use: handler)
        return self
    }
}
