import Logging

/// Passes every log message on but one: postgres-nio's warning that a connection was asked
/// for before `PostgresClient.run()` began. The store starts `run()` in a task and queries at
/// once; the request simply waits for the pool, so the warning says nothing to an operator.
struct StartupNoiseFilter: LogHandler {
    var wrapped: any LogHandler

    static let ignored = "Trying to lease connection from `PostgresClient`, but"

    /// `logger` with the warning filtered out.
    static func filtering(_ logger: Logger) -> Logger {
        var filtered = logger
        filtered.handler = StartupNoiseFilter(wrapped: logger.handler)
        return filtered
    }

    func log(event: LogEvent) {
        if event.message.description.hasPrefix(StartupNoiseFilter.ignored) { return }
        wrapped.log(event: event)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }
}
