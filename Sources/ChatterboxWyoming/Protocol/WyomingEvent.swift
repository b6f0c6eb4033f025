/// One Wyoming event: a type, a JSON object of data and an optional binary payload (audio).
///
/// On the wire (as the `wyoming` library writes it): one JSON header line `{"type", "version",
/// "data_length"?, "payload_length"?}` (or with `data` inline), then `data_length` bytes of JSON
/// merged over the header's `data`, then `payload_length` bytes of payload.
public struct WyomingEvent: Sendable, Equatable {
    public var type: String
    public var data: [String: JSONValue]
    public var payload: [UInt8]

    public init(_ type: String, data: [String: JSONValue] = [:], payload: [UInt8] = []) {
        self.type = type
        self.data = data
        self.payload = payload
    }

    /// The protocol version we write in every header (the `wyoming` library we follow).
    public static let version = "1.10.2"

    /// `error {text, code}`.
    public static func error(_ text: String, code: String) -> WyomingEvent {
        WyomingEvent("error", data: ["text": .string(text), "code": .string(code)])
    }
}
