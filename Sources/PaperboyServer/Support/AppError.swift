import Hummingbird

/// An error to show the client as it is: its status and message are meant for users and
/// never carry internals. Anything else that escapes a handler becomes a plain 500.
public struct AppError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    /// The request parameter at fault, for 400s.
    public var parameter: String?
    /// Where a page request goes instead (a 303): sign-in for a reader who is not signed in.
    /// API requests get the status and message.
    public var location: String?

    public init(_ status: HTTPResponse.Status, _ message: String, parameter: String? = nil) {
        self.status = status
        self.message = message
        self.parameter = parameter
    }

    static func badParameter(_ name: String, _ problem: String) -> AppError {
        AppError(.badRequest, "\(name): \(problem)", parameter: name)
    }

    /// To a page that needs a signed-in reader: sign in, then come back to `returnTo`.
    static func signInRequired(returnTo: String?) -> AppError {
        var error = AppError(.unauthorized, "Sign in first: open /signin, or send an API token as `Authorization: Bearer`.")
        error.location = "/signin" + Link.query(["return": Link.safeReturn(returnTo)])
        return error
    }

    static func paperNotFound(_ id: String) -> AppError {
        AppError(.notFound, "No paper \(id) here.")
    }
}
