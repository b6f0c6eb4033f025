/// How to speak: speed plus engine-specific parameters, checked against what the engine accepts.
public struct SynthesisOptions: Sendable, Equatable {
    /// Speaking rate relative to the voice's normal rate (1 = normal, 2 = twice as fast).
    public var speed: Double
    /// Engine parameters by name, already validated and converted to numbers.
    public var parameters: [String: Double]

    /// Speed allowed on every engine.
    public static let speedRange: ClosedRange<Double> = 0.25...4.0

    /// Creates options; use `validated(speed:raw:for:)` for user input.
    public init(speed: Double = 1, parameters: [String: Double] = [:]) {
        self.speed = speed
        self.parameters = parameters
    }

    /// Checks a speed and raw `NAME=VALUE` parameters against an engine's declared parameters.
    public static func validated(speed: Double, raw: [String: String], for engine: any SpeechEngine) throws -> SynthesisOptions {
        guard speed.isFinite, speedRange.contains(speed) else {
            throw ChatterboxError(.invalidSpeed, message: "speed must be between \(speedRange.lowerBound) and \(speedRange.upperBound), not \(speed)", field: "speed")
        }
        var parameters: [String: Double] = [:]
        let accepted = engine.parameters + [sentenceSilence]
        for (name, text) in raw {
            guard let spec = accepted.first(where: { $0.name == name }) else {
                let accepted = accepted.map(\.name).joined(separator: ", ")
                throw ChatterboxError(.invalidParameter, message: "engine \(engine.id) has no parameter '\(name)'; it accepts: \(accepted)",
                    field: "params")
            }
            guard let value = Double(text), value.isFinite, spec.range.contains(value) else {
                throw ChatterboxError(.invalidParameter, message: "parameter \(name) must be a number from \(spec.range.lowerBound) to \(spec.range.upperBound), not '\(text)'",
                    field: "params")
            }
            parameters[name] = value
        }
        return SynthesisOptions(speed: speed, parameters: parameters)
    }

    /// Seconds of silence between chunks; accepted by every engine (overrides processing.sentence_silence).
    public static let sentenceSilence = EngineParameter(name: "sentence_silence", range: 0...5, summary: "seconds of silence between sentences")
}

/// A numeric parameter an engine accepts.
public struct EngineParameter: Sendable, Equatable {
    /// Name used in `--param NAME=VALUE`.
    public var name: String
    /// Accepted values.
    public var range: ClosedRange<Double>
    /// What it changes.
    public var summary: String

    /// Creates a parameter description.
    public init(name: String, range: ClosedRange<Double>, summary: String) {
        self.name = name
        self.range = range
        self.summary = summary
    }
}
