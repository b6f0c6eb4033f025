import Foundation
import NIOCore

/// Bytes -> `WyomingEvent`s, with limits: a header line, a data block or a payload over its limit,
/// or a header that is not a JSON object with a string `type`, is a `WyomingProtocolError` (the
/// session answers `error` and closes) — never an unbounded buffer.
struct WyomingFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = WyomingEvent

    struct Limits: Sendable {
        var headerBytes = 64 * 1024
        var dataBytes = 1024 * 1024
        var payloadBytes = 4 * 1024 * 1024
    }

    let limits: Limits

    private struct Header: Decodable {
        var type: String
        var data: [String: JSONValue]?
        var dataLength: Int?
        var payloadLength: Int?

        enum CodingKeys: String, CodingKey {
            case type, data, dataLength = "data_length", payloadLength = "payload_length"
        }
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > limits.headerBytes { throw WyomingProtocolError.tooLarge("header line", limits.headerBytes) }
            return .needMoreData
        }
        let lineLength = newline - view.startIndex
        guard lineLength <= limits.headerBytes else { throw WyomingProtocolError.tooLarge("header line", limits.headerBytes) }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(view[view.startIndex..<newline]))
        } catch {
            throw WyomingProtocolError.malformed("the header line is not a JSON object with a string \"type\"")
        }
        let dataLength = max(0, header.dataLength ?? 0), payloadLength = max(0, header.payloadLength ?? 0)
        guard dataLength <= limits.dataBytes else { throw WyomingProtocolError.tooLarge("data", limits.dataBytes) }
        guard payloadLength <= limits.payloadBytes else { throw WyomingProtocolError.tooLarge("payload", limits.payloadBytes) }
        guard buffer.readableBytes >= lineLength + 1 + dataLength + payloadLength else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: lineLength + 1)
        var data = header.data ?? [:]
        if dataLength > 0 {
            let bytes = buffer.readBytes(length: dataLength) ?? []
            guard let extra = try? JSONDecoder().decode([String: JSONValue].self, from: Data(bytes)) else {
                throw WyomingProtocolError.malformed("the data block is not a JSON object")
            }
            data.merge(extra) { $1 }
        }
        let payload = payloadLength > 0 ? buffer.readBytes(length: payloadLength) ?? [] : []
        context.fireChannelRead(wrapInboundOut(WyomingEvent(header.type, data: data, payload: payload)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Input that breaks the protocol: the connection gets an `error` event and is closed.
enum WyomingProtocolError: Error, CustomStringConvertible {
    case tooLarge(String, Int)
    case malformed(String)

    var description: String {
        switch self {
        case .tooLarge(let what, let limit): "the \(what) is larger than \(limit) bytes"
        case .malformed(let why): why
        }
    }
}
