import ChatterboxCore
import Foundation

/// The OpenAPI document as served: the shipped `openapi.json` with this server's real input
/// constraints filled in — the installed voices and aliases, the models, the engine parameters and
/// their ranges, the text length limit — so that a client (or a generator such as schemathesis)
/// built from the document sends what the server accepts.
enum OpenAPIDocument {
    /// The shipped document with live constraints, as JSON bytes.
    static func live(_ shipped: Data, environment: APIEnvironment) async throws -> Data {
        guard var document = try JSONSerialization.jsonObject(with: shipped) as? [String: Any],
              var components = document["components"] as? [String: Any],
              var schemas = components["schemas"] as? [String: Any] else { return shipped }
        let voices = await environment.registry.voices().map(\.id).sorted()
        let aliases = environment.settings.api.voiceAliases.keys.sorted()
        let text: [String: Any] = [
            "minLength": 1, "maxLength": environment.settings.processing.maxTextLength,
            // Something to speak: a letter or a digit (letters and digits of every script count; the
            // pattern names the ASCII ones, which is what generated test data needs).
            "pattern": "[0-9A-Za-z]",
        ]
        let params = parameters(environment.registry)
        let models = SpeechBody.models + environment.registry.engines.keys.sorted()
        schemas["JobSubmission"] = constrain(schemas["JobSubmission"], [
            "text": text, "voice": ["enum": voices + aliases], "params": params,
        ])
        schemas["SpeechRequest"] = constrain(schemas["SpeechRequest"], [
            "input": text, "voice": ["enum": voices + aliases], "params": params, "model": ["enum": models],
        ])
        schemas["Error"] = closedCodes(schemas["Error"])
        components["schemas"] = schemas
        document["components"] = components
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// Every engine parameter by name, with the widest range any engine accepts and, per engine, what it does,
    /// its range and default (an engine refuses the parameters it does not list); nothing else.
    static func parameters(_ registry: EngineRegistry) -> [String: Any] {
        var ranges: [String: ClosedRange<Double>] = [SynthesisOptions.sentenceSilence.name: SynthesisOptions.sentenceSilence.range]
        var notes: [String: [String]] = [:]
        for engine in registry.engines.values.sorted(by: { $0.id < $1.id }) {
            for parameter in engine.parameters {
                let known = ranges[parameter.name] ?? parameter.range
                ranges[parameter.name] = min(known.lowerBound, parameter.range.lowerBound)...max(known.upperBound, parameter.range.upperBound)
                notes[parameter.name, default: []].append("\(engine.id) \(parameter.range.lowerBound)-\(parameter.range.upperBound): \(parameter.summary)")
            }
        }
        let properties = ranges.map { name, range -> (String, [String: Any]) in
            var property: [String: Any] = ["type": "number", "minimum": range.lowerBound, "maximum": range.upperBound]
            if let lines = notes[name] { property["description"] = lines.joined(separator: "; ") }
            return (name, property)
        }
        return ["properties": Dictionary(uniqueKeysWithValues: properties), "additionalProperties": false]
    }

    /// The error body's `code` as the closed set it is (`ErrorCode`): a client can switch on it.
    private static func closedCodes(_ schema: Any?) -> Any? {
        guard var schema = schema as? [String: Any], var properties = schema["properties"] as? [String: Any] else { return schema }
        properties["error"] = constrain(properties["error"], ["code": ["enum": ErrorCode.allCases.map(\.rawValue).sorted()]])
        schema["properties"] = properties
        return schema
    }

    /// `schema` with each named property's keys replaced by (merged with) `changes`.
    private static func constrain(_ schema: Any?, _ changes: [String: [String: Any]]) -> Any? {
        guard var schema = schema as? [String: Any], var properties = schema["properties"] as? [String: Any] else { return schema }
        for (name, change) in changes {
            guard var property = properties[name] as? [String: Any] else { continue }
            property.merge(change) { $1 }
            properties[name] = property
        }
        schema["properties"] = properties
        return schema
    }
}
