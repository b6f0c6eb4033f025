import ChatterboxCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The Wyoming listener (Home Assistant's protocol) as a `Service`: `chatterbox api` runs it in the
/// same group as the HTTP server, `chatterbox wyoming` alone. Each connection is a `WyomingSession`
/// in a task of this service; a connection from outside `wyoming.allowed_clients` is closed at once,
/// one silent in both directions for `wyoming.idle_timeout_seconds` is closed.
public struct WyomingServer: Service {
    let host: String
    let port: Int
    let allowedClients: [CIDRRange]
    let idleTimeout: TimeAmount
    /// `wyoming.zeroconf`, when discovery is on.
    let zeroconfName: String?
    let session: WyomingSession
    let logger: Logger

    public init(settings: Settings, processor: SpeechProcessor, port: Int? = nil, logger: Logger = Logger(label: "chatterbox.wyoming")) {
        host = settings.wyoming.host.isEmpty ? settings.api.host : settings.wyoming.host
        self.port = port ?? settings.wyoming.port
        allowedClients = settings.wyoming.allowedClients
        idleTimeout = .seconds(Int64(settings.wyoming.idleTimeoutSeconds))
        zeroconfName = settings.wyoming.zeroconf.isEmpty ? nil : settings.wyoming.zeroconf
        let catalog = WyomingCatalog(registry: processor.registry, advertised: settings.wyoming.voices, defaultVoice: settings.processing.model)
        session = WyomingSession(catalog: catalog, speaker: WyomingSpeaker(processor: processor, samplesPerChunk: settings.wyoming.samplesPerChunk),
                                 maxTextLength: settings.processing.maxTextLength, logger: logger)
        self.logger = logger
    }

    /// Serves until graceful shutdown. A port that cannot be bound (another Wyoming server on it)
    /// is logged with the fix and leaves the rest of the node running: HTTP users are not cut off
    /// because Home Assistant's port is taken.
    public func run() async throws {
        let listener: NIOAsyncChannel<NIOAsyncChannel<WyomingEvent, WyomingEvent>, Never>
        do {
            listener = try await bind()
        } catch {
            logger.error("Wyoming cannot listen on \(host):\(port): \(error); set wyoming.port to a free port or wyoming.enabled to false")
            try? await gracefulShutdown()
            return
        }
        try await serve(listener)
    }

    private func bind() async throws -> NIOAsyncChannel<NIOAsyncChannel<WyomingEvent, WyomingEvent>, Never> {
        let idleTimeout = self.idleTimeout
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handlers = channel.pipeline.syncOperations
                    try handlers.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                    try handlers.addHandler(IdleCloser())
                    try handlers.addHandler(ByteToMessageHandler(WyomingFrameDecoder(limits: .init())))
                    try handlers.addHandler(MessageToByteHandler(WyomingFrameEncoder()))
                    return try NIOAsyncChannel<WyomingEvent, WyomingEvent>(wrappingChannelSynchronously: channel)
                }
            }
    }

    private func serve(_ listener: NIOAsyncChannel<NIOAsyncChannel<WyomingEvent, WyomingEvent>, Never>) async throws {
        let bound = listener.channel.localAddress?.port ?? port
        if !Self.isLoopback(host), allowedClients.isEmpty {
            logger.warning("Wyoming has no authentication and listens on \(host):\(bound) for any client; set wyoming.allowed_clients")
        }
        logger.notice("Wyoming listening on tcp://\(host):\(bound)")
        let zeroconf = zeroconfName.map { ZeroconfAdvertiser(name: $0, port: bound, logger: logger) }
        // Graceful shutdown stops accepting and ends the open sessions (Home Assistant reconnects).
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingDiscardingTaskGroup { group in
                    if let zeroconf { group.addTask { try await zeroconf.run() } }
                    try await listener.executeThenClose { connections in
                        for try await connection in connections {
                            group.addTask { await handle(connection) }
                        }
                    }
                }
            }
        } catch is CancellationError {
        }
        logger.notice("Wyoming listener stopped")
    }

    private func handle(_ connection: NIOAsyncChannel<WyomingEvent, WyomingEvent>) async {
        let remote = connection.channel.remoteAddress?.ipAddress ?? "?"
        guard allowedClients.isEmpty || allowedClients.contains(where: { $0.contains(remote) }) else {
            logger.warning("Wyoming: refused \(remote) (not in wyoming.allowed_clients)")
            try? await connection.channel.close()
            return
        }
        WyomingMetrics.connected()
        do {
            try await connection.executeThenClose { inbound, outbound in
                do {
                    try await session.run(inbound) { try await outbound.write($0) }
                } catch let error as WyomingProtocolError {
                    logger.info("Wyoming: \(remote) broke the protocol: \(error)")
                    try? await outbound.write(WyomingEvent.error(error.description, code: "bad_frame"))
                }
            }
        } catch {
            logger.info("Wyoming: \(remote) went away (\(error))")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// Closes a connection when `IdleStateHandler` says it has been silent too long.
final class IdleCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent { context.close(promise: nil) } else { context.fireUserInboundEventTriggered(event) }
    }
}
