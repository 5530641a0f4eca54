import HTTPTypes
import Hummingbird

/// Security headers on every response. The pages use no scripts, inline styles or
/// third-party resources, so the policy can forbid all of them.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headers: HTTPFields {
        [
            .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self' data: https://cdn-thumbnails.huggingface.co; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("Referrer-Policy")!: "strict-origin-when-cross-origin",
            HTTPField.Name("Cross-Origin-Opener-Policy")!: "same-origin",
            HTTPField.Name("Permissions-Policy")!: "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ]
    }

    private let headers = Self.headers

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers.append(contentsOf: headers)
        return response
    }
}
