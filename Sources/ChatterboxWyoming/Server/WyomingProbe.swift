import ChatterboxCore
import NIOCore
import NIOPosix

/// Asks a Wyoming server `describe` as Home Assistant does, for `/health` and `doctor`.
public enum WyomingProbe {
    /// What the server offered.
    public struct Answer: Sendable {
        public var program: String
        public var voices: Int
        public var streaming: Bool
    }

    /// Where this machine reaches the configured listener: `wyoming.host` (empty = `api.host`), a
    /// wildcard bind asked on loopback.
    public static func address(_ settings: Settings) -> (host: String, port: Int) {
        let configured = settings.wyoming.host.isEmpty ? settings.api.host : settings.wyoming.host
        return (["0.0.0.0", "::", ""].contains(configured) ? "127.0.0.1" : configured, settings.wyoming.port)
    }

    /// Connects, sends `describe`, reads the `info`; throws when nothing listens, the answer is not
    /// an `info` with a `tts` program, or it takes longer than `timeout`.
    public static func describe(host: String, port: Int, timeout: Duration = .seconds(2)) async throws -> Answer {
        try await withThrowingTaskGroup(of: Answer.self) { group in
            group.addTask { try await ask(host: host, port: port) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw WyomingProtocolError.malformed("no info within \(timeout)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    private static func ask(host: String, port: Int) async throws -> Answer {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(2))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WyomingFrameDecoder(limits: .init())))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(WyomingFrameEncoder()))
                    return try NIOAsyncChannel<WyomingEvent, WyomingEvent>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(WyomingEvent("describe"))
            for try await event in inbound {
                guard event.type == "info", case .array(let programs)? = event.data["tts"], let program = programs.first?.object else { break }
                let voices = if case .array(let list)? = program["voices"] { list.count } else { 0 }
                return Answer(program: program["name"]?.string ?? "?", voices: voices,
                              streaming: program["supports_synthesize_streaming"] == .bool(true))
            }
            throw WyomingProtocolError.malformed("the answer to describe is not an info event with a tts program")
        }
    }
}
