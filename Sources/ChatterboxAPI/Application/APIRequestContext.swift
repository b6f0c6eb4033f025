import Foundation
import Hummingbird
import NIOCore

/// What the API knows about one request: Hummingbird's core context, the peer address, and
/// the client identity the middleware settles (API key, else address) for rate limiting.
public struct APIRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected peer.
    public let remoteAddress: SocketAddress?
    /// Who the request counts against for rate limits: `key:<prefix>` or `ip:<address>`.
    public var clientID: String
    /// Whether the caller may see server details (paths, process ids in `/health`): it presented a valid
    /// key, or the server has no keys and the caller is on this machine. Set by `AuthMiddleware`.
    public var trusted = false

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        clientID = "ip:" + (source.channel.remoteAddress?.ipAddress ?? "unknown")
    }

    public var responseEncoder: JSONEncoder { .api }
    public var requestDecoder: JSONDecoder { .api }
}
