import CEspeakNG
import Foundation
import Synchronization

/// The process-wide libespeak-ng. The C library keeps global state and is not thread-safe, so
/// every call goes through one `Mutex`; it is initialised on first use in synchronous mode,
/// with a callback that collects samples into the buffer of the call in progress.
public final class EspeakLibrary: Sendable {
    /// The one instance: the C library cannot be loaded twice in a process.
    public static let shared = EspeakLibrary()

    /// A voice as espeak-ng lists it.
    public struct Voice: Sendable, Equatable, Codable {
        /// The id we use: the voice's language tag (`en-us`), or its file name for variants.
        public var name: String
        /// Language tag.
        public var language: String
        /// espeak's display name, e.g. `English_(America)`.
        public var description: String
        /// The voice file (`gmw/en-US`): what selects it (espeak-ng 1.52 no longer selects by language tag).
        public var identifier: String?
    }

    struct State {
        var sampleRate: Int?
        var voices: [Voice] = []
    }

    let state = Mutex(State())

    private init() {}

    /// The library's output rate (22050 Hz), initialising it if needed.
    public func sampleRate() throws -> Int {
        try state.withLock { try initialize(&$0) }
    }

    /// The library's version (`1.52.0`) and the data folder it reads.
    public func info() throws -> (version: String, dataPath: String) {
        try state.withLock { state in
            _ = try initialize(&state)
            var path: UnsafePointer<CChar>?
            let version = espeak_Info(&path).map { String(cString: $0) } ?? "unknown"
            return (version, path.map { String(cString: $0) } ?? "")
        }
    }

    /// Voices espeak-ng has data for, one per language tag.
    public func voices() throws -> [Voice] {
        try state.withLock { state in
            _ = try initialize(&state)
            return state.voices
        }
    }

    /// Speaks `text` with the voice named `voice`, returning 16-bit samples as floats and when each word
    /// is heard (from espeak-ng's word events: a word lasts until the next begins, less its trailing quiet).
    public func synthesize(text: String, voice: String, wordsPerMinute: Int, pitch: Int, wordGap: Int) throws -> (audio: AudioBuffer, words: [WordAligner.Spoken]) {
        try state.withLock { state in
            let rate = try initialize(&state)
            guard state.voices.contains(where: { $0.name == voice }) else {
                throw ChatterboxError(.unknownVoice, message: "espeak-ng has no voice '\(voice)'", field: "voice")
            }
            guard Self.select(voice, in: state) else {
                throw ChatterboxError.engine("espeak-ng could not select voice '\(voice)'")
            }
            espeak_SetParameter(espeakRATE, Int32(wordsPerMinute), 0)
            espeak_SetParameter(espeakPITCH, Int32(pitch), 0)
            espeak_SetParameter(espeakWORDGAP, Int32(wordGap), 0)
            let sink = SampleSink()
            let box = Unmanaged.passRetained(sink)
            defer { box.release() }
            let result = text.withCString { pointer in
                espeak_Synth(pointer, strlen(pointer) + 1, 0, POS_CHARACTER, 0,
                             UInt32(espeakCHARS_UTF8), nil, box.toOpaque())
            }
            guard result == EE_OK else {
                throw ChatterboxError.engine("espeak-ng failed to synthesise (error \(result.rawValue))")
            }
            let audio = AudioBuffer(samples: sink.samples, sampleRate: rate)
            return (audio, audio.spokenWords(startingAt: sink.words.map { (Int($0.milliseconds) * rate / 1000, Int($0.length)) }))
        }
    }

    func initialize(_ state: inout State) throws -> Int {
        if let rate = state.sampleRate { return rate }
        let rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nil, Int32(espeakINITIALIZE_DONT_EXIT))
        guard rate > 0 else {
            throw ChatterboxError.engine("espeak-ng could not start: its data folder (espeak-ng-data) is missing; install the espeak-ng-data package")
        }
        espeak_SetSynthCallback { wav, count, events in
            guard let events, let userData = events.pointee.user_data else { return 0 }
            let sink = Unmanaged<SampleSink>.fromOpaque(userData).takeUnretainedValue()
            var event = events
            while event.pointee.type != espeakEVENT_LIST_TERMINATED {
                if event.pointee.type == espeakEVENT_WORD { sink.words.append((event.pointee.audio_position, event.pointee.length)) }
                event += 1
            }
            guard let wav, count > 0 else { return 0 }
            sink.samples.reserveCapacity(sink.samples.count + Int(count))
            for index in 0..<Int(count) { sink.samples.append(Float(wav[index]) / 32768) }
            return 0
        }
        state.voices = Self.listVoices()
        state.sampleRate = Int(rate)
        return Int(rate)
    }

    private static func listVoices() -> [Voice] {
        guard let list = espeak_ListVoices(nil) else { return [] }
        var voices: [Voice] = []
        var seen = Set<String>()
        var index = 0
        while let entry = list[index] {
            index += 1
            let voice = entry.pointee
            guard let languages = voice.languages, let name = voice.name else { continue }
            // `languages` is a priority byte, then a NUL-terminated tag, repeated; we take the first tag.
            let language = String(cString: languages + 1)
            guard !language.isEmpty, !seen.contains(language) else { continue }
            seen.insert(language)
            let identifier = voice.identifier.map { String(cString: $0) }
            guard identifier.map(hasDictionary) ?? true else { continue }
            voices.append(Voice(name: language, language: language, description: String(cString: name), identifier: identifier))
        }
        return voices.sorted { $0.name < $1.name }
    }

    /// Whether the voice's dictionary is in the data folder: a voice without one (PyPI's 1.52 data lacks a
    /// few, e.g. Faroese) selects fine but says nothing, so it is not listed. The dictionary is the voice
    /// file's `dictionary` line, else its file name's language; a voice file that cannot be read is kept.
    private static func hasDictionary(_ identifier: String) -> Bool {
        var path: UnsafePointer<CChar>?
        _ = espeak_Info(&path)
        guard let path else { return true }
        let data = URL(fileURLWithPath: String(cString: path))
        guard let file = try? String(contentsOf: data.appendingPathComponent("lang/\(identifier)"), encoding: .utf8) else { return true }
        let declared = file.split(separator: "\n").first { $0.hasPrefix("dictionary ") }?.split(separator: " ").dropFirst().first
        let dictionary = declared.map(String.init) ?? String(identifier.split(separator: "/").last?.split(separator: "-").first ?? "").lowercased()
        return FileManager.default.fileExists(atPath: data.appendingPathComponent("\(dictionary)_dict").path)
    }
}

extension EspeakLibrary {
    /// Selects the voice named `name` (our language tag) by its file, as both 1.51 and 1.52 accept; a
    /// name we did not list is tried as espeak-ng's own voice name.
    static func select(_ name: String, in state: State) -> Bool {
        let identifier = state.voices.first { $0.name == name }?.identifier ?? name
        return espeak_SetVoiceByName(identifier) == EE_OK || espeak_SetVoiceByName(name) == EE_OK
    }
}

/// Receives samples from the espeak callback during one `espeak_Synth` call (under the lock).
private final class SampleSink: @unchecked Sendable {
    var samples: [Float] = []
    /// Word events: where the word starts (milliseconds into the audio) and its length in characters.
    var words: [(milliseconds: Int32, length: Int32)] = []
}
