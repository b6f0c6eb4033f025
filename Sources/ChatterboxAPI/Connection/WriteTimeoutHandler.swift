import NIOCore

/// Drops a client that stops reading: when a connection's send buffer stays full (the channel not
/// writable) for `timeout`, the connection is closed. The response's pending write then fails, so
/// the synthesis feeding it stops and frees its place (`api.write_timeout_seconds`): two stalled
/// readers can no longer hold every `api.speech_concurrency` place.
final class WriteTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    /// Request parts pass through untouched; only writability events matter here.
    typealias InboundIn = Any

    private let timeout: TimeAmount
    private var stalled: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stalled?.cancel()
            stalled = nil
        } else if stalled == nil {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            stalled = context.eventLoop.scheduleTask(in: timeout) {
                loopBound.value.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stalled?.cancel()
        stalled = nil
    }
}
