import PostgresNIO

/// A database error with the server's own message. postgres-nio's errors describe themselves
/// generically (so that no query text leaks into logs); the server's message and SQLSTATE
/// name what went wrong without the statement's parameters.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The SQLSTATE code, when the server sent one (`23505`: a unique key was violated).
    public var sqlState: String?

    public init(message: String, sqlState: String? = nil) {
        self.message = message
        self.sqlState = sqlState
    }

    /// `error` as a store error: unchanged when it is one, the server's words when it came
    /// from the server, else its description.
    init(_ error: any Error) {
        if let error = error as? PostgresStoreError {
            self = error
        } else if let error = error as? PSQLError {
            let info = error.serverInfo
            let cause = error.underlying.map { ": \($0)" } ?? ""
            self.init(message: info?[.message] ?? "\(error.code)\(cause)", sqlState: info?[.sqlState])
        } else {
            self.init(message: "\(error)")
        }
    }

    public var description: String {
        sqlState.map { "PostgreSQL: \(message) (\($0))" } ?? "PostgreSQL: \(message)"
    }
}
