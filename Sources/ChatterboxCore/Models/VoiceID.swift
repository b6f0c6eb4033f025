/// Who speaks: an engine, one of its voices and, for a multi-speaker voice, one of its speakers —
/// written `engine:name` or `engine:name#speaker` (`piper:en_US-joe-medium`, `piper:vctk#p225`).
///
/// Parsed once where a voice id enters (a request, a setting, a job record), so nothing else splits
/// strings; `unknown_voice` for a malformed id is thrown here only. A speaker is looked up by name or
/// number when the voice is resolved (`SpeechProcessor`), where `unknown_speaker` is thrown.
public struct VoiceID: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The engine, e.g. `piper`.
    public var engine: String
    /// The voice within the engine, e.g. `en_US-joe-medium`.
    public var name: String
    /// A speaker of a multi-speaker voice, by name or number; `nil` for the voice's own (first) speaker.
    public var speaker: String?

    /// Creates an id from its parts.
    public init(engine: String, name: String, speaker: String? = nil) {
        self.engine = engine
        self.name = name
        self.speaker = speaker
    }

    /// Parses `engine:name` or `engine:name#speaker`; anything else is `400 unknown_voice` naming `field`.
    public init(parsing text: String, field: String = "voice") throws {
        guard let id = Self.parse(text) else {
            throw ChatterboxError(.unknownVoice, message: "voice '\(text.prefix(80))' is not of the form engine:name (e.g. espeak:en-us)", field: field)
        }
        self = id
    }

    /// `text` as an id, or `nil` when it is not one.
    public static func parse(_ text: String) -> VoiceID? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let engine = String(text[..<colon]), rest = text[text.index(after: colon)...]
        let mark = rest.lastIndex(of: "#")
        let name = String(mark.map { rest[..<$0] } ?? rest)
        let speaker = mark.map { String(rest[rest.index(after: $0)...]) }
        guard !engine.isEmpty, !name.isEmpty, speaker?.isEmpty != true,
              !engine.contains(where: { $0.isWhitespace || $0 == "#" }) else { return nil }
        return VoiceID(engine: engine, name: name, speaker: speaker)
    }

    /// An id written in code (`"piper:en_US-joe-medium"`); a malformed literal is a programming error.
    public init(stringLiteral value: String) {
        guard let id = Self.parse(value) else { preconditionFailure("'\(value)' is not a voice id engine:name") }
        self = id
    }

    /// The voice without a speaker: what engines and voice listings know.
    public var voice: VoiceID { VoiceID(engine: engine, name: name) }

    /// `engine:name` (the voice's id in listings, without the speaker).
    public var voiceKey: String { "\(engine):\(name)" }

    /// `engine:name` or `engine:name#speaker`.
    public var description: String { speaker.map { "\(voiceKey)#\($0)" } ?? voiceKey }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = Self.parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text.prefix(80))' is not a voice id engine:name"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension VoiceInfo {
    /// This voice's id as a value.
    public var voiceID: VoiceID { VoiceID(engine: engine, name: name) }
}
