import Logging

/// Turns an SSML document into the chunks of one stream: each run of text with one style is normalised and
/// chunked for its voice's engine; `<break>`s and sentence starts become the silence before a chunk.
/// `<voice>` names a voice (id, `api.voice_aliases` alias or bare name); `xml:lang` picks a voice for the
/// language when the current one does not speak it; `<prosody rate>` scales the speed, `volume` is a gain,
/// `pitch` goes to engines that take one (espeak-ng); `<phoneme>` goes to engines that take IPA (Piper).
struct ScriptPlanner {
    let processor: SpeechProcessor
    let request: SynthesisRequest
    /// The request's voice: the default for text without `<voice>`, and the one whose rate the stream has.
    let primary: (engine: any SpeechEngine, voice: VoiceInfo)
    let logger: Logger

    struct Plan {
        var chunks: [ChunkPlan] = []
        var gaps: [Int: Double] = [:]
        var trailingPause = 0.0
    }

    func plan(_ script: SpeechScript) async throws -> Plan {
        for warning in script.warnings { logger.warning("SSML: \(warning)") }
        var plan = Plan(), pendingPause = 0.0, sentenceStarts = false
        var buffer = "", bufferStyle = SpeechScript.Style()
        let silence = request.parameters["sentence_silence"].flatMap(Double.init) ?? processor.settings.processing.sentenceSilence
        func add(_ chunk: ChunkPlan, startsSentence: Bool) {
            let index = plan.chunks.count
            if index > 0 { plan.gaps[index] = (startsSentence ? silence : 0) + pendingPause }
            pendingPause = 0
            plan.chunks.append(chunk)
        }
        func flush() async throws {
            defer { buffer = "" }
            guard buffer.contains(where: { $0.isLetter || $0.isNumber }) else { return }
            let (engine, voice) = try await resolve(bufferStyle)
            let options = try options(bufferStyle, engine: engine, voice: voice)
            let language = bufferStyle.language.map(LanguageTag.init) ?? voice.languageTag  // xml:lang, else the voice's
            let texts = try await processor.prepare(buffer, maxCharacters: engine.maxChunkCharacters, language: language)
            for (position, text) in texts.enumerated() {
                let previous = plan.chunks.last?.text.last.map { ".!?".contains($0) } ?? false
                add(ChunkPlan(text: text, engine: engine, voice: voice, options: options, gainDB: bufferStyle.volumeDB),
                    startsSentence: position > 0 || sentenceStarts || previous)
                sentenceStarts = false
            }
        }
        for part in script.parts {
            switch part {
            case .text(let text, let style):
                if style != bufferStyle { try await flush() }
                bufferStyle = style
                buffer += text
            case .pause(let seconds):
                try await flush()
                pendingPause += seconds
            case .boundary:
                try await flush()
                sentenceStarts = !plan.chunks.isEmpty
            case .phonemes(let ipa, let text, let style):
                try await flush()
                let (engine, voice) = try await resolve(style)
                add(ChunkPlan(text: text, ipa: ipa, engine: engine, voice: voice, options: try options(style, engine: engine, voice: voice),
                              gainDB: style.volumeDB), startsSentence: sentenceStarts)
                sentenceStarts = false
            }
        }
        try await flush()
        plan.trailingPause = pendingPause
        guard !plan.chunks.isEmpty else {
            throw ChatterboxError(.emptyText, message: "the SSML document has nothing to speak", field: "text")
        }
        return plan
    }

    /// The voice for a style: `<voice name>`, else one for `xml:lang` when the request's voice does not speak it.
    private func resolve(_ style: SpeechScript.Style) async throws -> (engine: any SpeechEngine, voice: VoiceInfo) {
        let registry = processor.registry
        if let name = style.voice {
            guard let id = await registry.voiceID(named: name, aliases: processor.settings.api.voiceAliases) else {
                throw ChatterboxError(.unknownVoice, message: "SSML <voice name=\"\(name.prefix(60))\">: no such voice", field: "text")
            }
            return try await registry.resolve(id)
        }
        guard let language = style.language.map(LanguageTag.init), language.family != primary.voice.languageTag.family else { return primary }
        guard let best = VoiceInfo.best(for: language, among: await registry.voices()) else {
            logger.warning("SSML: no voice speaks '\(style.language!.prefix(20))'; \(primary.voice.id) reads it")
            return primary
        }
        return try await registry.resolve(best.voiceID)
    }

    /// Speed times the style's rate; the request's engine parameters for its own voice; pitch where the engine takes it.
    private func options(_ style: SpeechScript.Style, engine: any SpeechEngine, voice: VoiceInfo) throws -> SynthesisOptions {
        let raw = voice.id == primary.voice.id ? request.parameters : [:]
        var options = try SynthesisOptions.validated(speed: 1, raw: raw, for: engine)
        options.speed = min(max((request.speed ?? 1) * style.rate, SynthesisOptions.speedRange.lowerBound), SynthesisOptions.speedRange.upperBound)
        if let pitch = style.pitch {
            if engine.parameters.contains(where: { $0.name == "pitch" }) {
                options.parameters["pitch"] = min(100, max(0, (options.parameters["pitch"] ?? 50) * (1 + pitch)))
            } else {
                logger.notice("SSML: \(engine.id) voices take no pitch; <prosody pitch> ignored")
            }
        }
        return options
    }
}
