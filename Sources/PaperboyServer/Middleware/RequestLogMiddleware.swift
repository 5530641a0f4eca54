import Hummingbird
import Logging

/// One log line per request: method, path, status and time. The query string is never
/// logged: it carries the tokens of subscription links and what readers search for.
/// (Hummingbird's LogRequestsMiddleware logs the whole URI.)
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(request.uri.path.prefix(200))",
            "status": "\(response.status.code)", "ms": "\((milliseconds * 10).rounded() / 10)",
        ])
        return response
    }
}
