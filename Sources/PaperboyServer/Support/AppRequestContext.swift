import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core storage plus the client's
/// address, which rate limits key on.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Forms and JSON bodies here are small; anything bigger is refused with 413.
    public var maxUploadSize: Int { 64 * 1024 }

    /// The client's IP address, or "unknown" (tests without a socket).
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
