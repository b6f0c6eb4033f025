import Foundation
import NIOCore

/// `WyomingEvent` -> bytes, as the `wyoming` library writes them: the header line with `version`,
/// `data_length` and `payload_length`, then the data JSON, then the payload.
struct WyomingFrameEncoder: MessageToByteEncoder {
    typealias OutboundIn = WyomingEvent

    private struct Header: Encodable {
        var type: String
        var version: String
        var dataLength: Int?
        var payloadLength: Int?

        enum CodingKeys: String, CodingKey {
            case type, version, dataLength = "data_length", payloadLength = "payload_length"
        }
    }

    func encode(data event: WyomingEvent, out: inout ByteBuffer) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = event.data.isEmpty ? Data() : try encoder.encode(event.data)
        let header = Header(type: event.type, version: WyomingEvent.version, dataLength: data.isEmpty ? nil : data.count,
                            payloadLength: event.payload.isEmpty ? nil : event.payload.count)
        out.writeBytes(try encoder.encode(header))
        out.writeInteger(UInt8(ascii: "\n"))
        out.writeBytes(data)
        out.writeBytes(event.payload)
    }
}
