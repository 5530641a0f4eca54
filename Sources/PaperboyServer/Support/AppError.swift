import Hummingbird

/// An error to show the client as it is: its status and message are meant for users and
/// never carry internals. Anything else that escapes a handler becomes a plain 500.
public struct AppError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    /// The request parameter at fault, for 400s.
    public var parameter: String?

    public init(_ status: HTTPResponse.Status, _ message: String, parameter: String? = nil) {
        self.status = status
        self.message = message
        self.parameter = parameter
    }

    static func badParameter(_ name: String, _ problem: String) -> AppError {
        AppError(.badRequest, "\(name): \(problem)", parameter: name)
    }

    static func paperNotFound(_ id: String) -> AppError {
        AppError(.notFound, "No paper \(id) here.")
    }
}
