/// A JSON value given as a string, number or boolean, kept as text — engine parameters arrive
/// as `{"noise_scale": 0.5}` or `{"noise_scale": "0.5"}` and are checked by the engine.
struct FlexibleString: Decodable, Sendable, Equatable {
    var value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else if let number = try? container.decode(Double.self) {
            value = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        } else if let flag = try? container.decode(Bool.self) {
            value = flag ? "1" : "0"
        } else {
            throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath, debugDescription: "a string or number"))
        }
    }
}
