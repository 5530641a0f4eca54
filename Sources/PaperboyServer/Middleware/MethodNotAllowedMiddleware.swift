import Hummingbird

/// 405 with `Allow` for a path that exists under other methods (RFC 9110 section 15.5.6);
/// the router alone answers 404. Added after every route, so it wraps only the router's
/// not-found answer, and matches the path against the routes' patterns (`{id}` is any one
/// segment).
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: [(segments: [Substring], method: String)]

    init(routes: [(path: String, method: String)]) {
        self.routes = routes.map { (Self.segments($0.path), $0.method) }
    }

    private static func segments(_ path: String) -> [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = Self.segments(request.uri.path)
            let allowed = Set(routes.filter { route in
                route.segments.count == path.count
                    && zip(route.segments, path).allSatisfy { pattern, segment in (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment }
            }.map(\.method))
            guard !allowed.isEmpty else { throw error }
            return Response(status: .methodNotAllowed, headers: [.allow: allowed.sorted().joined(separator: ", ")])
        }
    }
}
