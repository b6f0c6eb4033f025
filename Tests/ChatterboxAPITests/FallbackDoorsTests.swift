@testable import ChatterboxAPI
import ChatterboxCore
@testable import ChatterboxWorker
@testable import ChatterboxWyoming
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// An engine whose voice `v` behaves as told: `down` cannot run here (503), `slow` answers its first chunk and
/// then stops answering (504), `good` speaks; `style` is a parameter only some of them take. Each chunk is
/// 10 ms of a level per character at 1 kHz.
final class DoorEngine: SpeechEngine, Sendable {
    enum Behaviour: Sendable { case down, slow, good }
    let id: String
    let behaviour: Behaviour
    let takesStyle: Bool

    init(id: String, behaviour: Behaviour, takesStyle: Bool) {
        (self.id, self.behaviour, self.takesStyle) = (id, behaviour, takesStyle)
    }

    let maxChunkCharacters = 40
    let capabilities: EngineCapabilities = []
    var parameters: [EngineParameter] { takesStyle ? [EngineParameter(name: "style", range: 0...1, summary: "a style")] : [] }
    let calls = Mutex(0)

    func voices() async throws -> [VoiceInfo] {
        var voice = VoiceInfo(engine: id, name: "v", language: "en", sampleRate: 1000)
        voice.speakers = [.init(name: "ava", id: 0), .init(name: "ben", id: 1)]
        return [voice]
    }
    func load() async throws {}
    func unload() async {}
    func synthesize(text: String, voice: String, options: SynthesisOptions) async throws -> AudioBuffer {
        let call = calls.withLock { count in defer { count += 1 }; return count }
        switch behaviour {
        case .down: throw ChatterboxError(.engineUnavailable, message: "\(id) is not set up here")
        case .slow where call > 0: throw ChatterboxError(.engineTimeout, message: "\(id) stopped answering")
        default: return AudioBuffer(samples: [Float](repeating: 0.25, count: text.count * 10), sampleRate: 1000)
        }
    }
}

/// The one fallback policy, seen through every front door: each case gives the same voice, or the same error
/// code and so status, through synth (a file), HTTP, a job and Wyoming.
@Suite("the fallback policy at every front door")
struct FallbackDoorsTests {
    /// What a door came to: the voice that spoke, or the code it failed with.
    enum Outcome: Equatable { case spoke(String), failed(ErrorCode) }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var voice: VoiceID
        var parameters: [String: String] = [:]
        var expected: Outcome
        var testDescription: String { name }
    }

    static let cases = [
        // The requested engine is down: the first fallback voice that can take the request speaks.
        Case(name: "engine down", voice: "down:v", expected: .spoke("good:v")),
        // A fallback voice that refuses a parameter only the requested one takes is passed over.
        Case(name: "fallback refuses a parameter", voice: "down:v", parameters: ["style": "1"], expected: .spoke("also:v")),
        // The requested voice's bad input stops at once: no fallback.
        Case(name: "requested voice bad input", voice: "good:v#zed", expected: .failed(.unknownSpeaker)),
        // An engine that stops answering after its first chunk: the voice is settled, the timeout is reported.
        Case(name: "engine times out mid-text", voice: "slow:v", expected: .failed(.engineTimeout)),
    ]

    static let text = "First sentence here. Second sentence here. Third one."

    /// Fresh engines per door (the slow one counts its calls).
    static func processor(folder: URL) -> SpeechProcessor {
        var settings = Settings.defaults
        settings.processing.fallback = ["strict:v", "good:v", "also:v"]
        settings.processing.model = "good:v"
        settings.processing.sentenceSilence = 0.05
        let engines: [any SpeechEngine] = [
            DoorEngine(id: "down", behaviour: .down, takesStyle: true), DoorEngine(id: "slow", behaviour: .slow, takesStyle: false),
            DoorEngine(id: "strict", behaviour: .down, takesStyle: false), DoorEngine(id: "good", behaviour: .good, takesStyle: false),
            DoorEngine(id: "also", behaviour: .good, takesStyle: true),
        ]
        return SpeechProcessor(registry: EngineRegistry(engines), settings: settings, workingDirectory: folder)
    }

    static func outcome(_ body: () async throws -> String) async -> Outcome {
        do { return .spoke(try await body()) } catch let error as ChatterboxError { return .failed(error.code) } catch {
            Issue.record("not our error: \(error)")
            return .failed(.internalError)
        }
    }

    @Test(arguments: cases) func synth(_ test: Case) async throws {
        let folder = TemporaryTestFolder()
        defer { folder.remove() }
        let processor = Self.processor(folder: folder.url)
        var request = SynthesisRequest(text: Self.text, voice: test.voice, parameters: test.parameters)
        request.format = .wav
        let got = await Self.outcome { try await processor.synthesize(request, to: folder.url.appendingPathComponent("a.wav")).voice }
        #expect(got == test.expected)
    }

    @Test(arguments: cases) func http(_ test: Case) async throws {
        let folder = TemporaryTestFolder()
        defer { folder.remove() }
        let processor = Self.processor(folder: folder.url)
        let store = try SQLiteJobStore(settings: processor.settings, workingDirectory: folder.url)
        let environment = APIEnvironment(settings: processor.settings, store: store, processor: processor, workingDirectory: folder.url)
        let app = Application(router: APIServer.router(environment: environment))
        let params = test.parameters.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        let body = #"{"model": "tts-1", "input": "\#(Self.text)", "voice": "\#(test.voice)", "response_format": "wav", "params": {\#(params)}}"#
        let whole = #"{"model": "tts-1", "input": "\#(Self.text)", "voice": "good:v", "response_format": "wav"}"#
        try await app.test(.router) { client in
            let reference = try await client.execute(uri: "/v1/audio/speech", method: .post, headers: [.contentType: "application/json"],
                                                     body: ByteBuffer(string: whole))
            let response: TestResponse
            do {
                response = try await client.execute(uri: "/v1/audio/speech", method: .post, headers: [.contentType: "application/json"],
                                                    body: ByteBuffer(string: body))
            } catch {
                // The answer had begun (200, the first sentence) when the engine stopped: the body ends in an error.
                #expect(test.expected == .failed(.engineTimeout), "\(error)")
                return
            }
            switch test.expected {
            case .spoke(let voice):
                #expect(response.status == .ok && response.headers[.init("X-Voice")!] == voice)
            case .failed(let code) where code == .engineTimeout:
                // The first sentence was spoken and the answer had begun: the stream ends early, short of the text.
                #expect(response.status == .ok && response.headers[.init("X-Voice")!] == test.voice.description)
                #expect(response.body.readableBytes < reference.body.readableBytes)
            case .failed(let code):
                let error = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: [String: String]]
                #expect(Int(response.status.code) == code.kind.httpStatus && error?["error"]?["code"] == code.rawValue)
            }
        }
    }

    @Test(arguments: cases) func job(_ test: Case) async throws {
        let folder = TemporaryTestFolder()
        defer { folder.remove() }
        let processor = Self.processor(folder: folder.url)
        let store = try SQLiteJobStore(settings: processor.settings, workingDirectory: folder.url)
        let request = processor.withVoiceDefaults(SynthesisRequest(text: Self.text, voice: test.voice, format: .wav, parameters: test.parameters))
        let job = try await store.enqueue(NewJob(request, voice: test.voice), maxAttempts: 1, now: Date()).job
        var configuration = JobRunnerConfiguration(settings: processor.settings, workingDirectory: folder.url)
        configuration.pollInterval = .milliseconds(10)
        configuration.inputFolder = nil
        let runner = JobRunner(store: store, processor: processor, configuration: configuration)
        let finished = try await withThrowingTaskGroup(of: Job?.self) { group in
            group.addTask { try await runner.run(); return nil }
            group.addTask {
                while true {
                    if let now = try await store.job(id: job.id), now.status.isFinal { return now }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            defer { runner.stop() }
            return try await group.next()!
        }
        let got: Outcome = finished?.status == .succeeded ? .spoke(finished?.spokenBy ?? "?")
            : .failed(ErrorCode(rawValue: finished?.errorCode ?? "") ?? .internalError)
        #expect(got == test.expected)
    }

    @Test(arguments: cases) func wyoming(_ test: Case) async throws {
        let folder = TemporaryTestFolder()
        defer { folder.remove() }
        let processor = Self.processor(folder: folder.url)
        guard test.parameters.isEmpty else { return }  // Wyoming requests carry no engine parameters
        let speaker = WyomingSpeaker(processor: processor, samplesPerChunk: 1024)
        let sent = Mutex<[WyomingEvent]>([])
        let got = await Self.outcome {
            let (spoken, _) = try await speaker.speak(Self.text, voice: test.voice, start: true, stop: true) { event in sent.withLock { $0.append(event) } }
            return spoken.voice.description
        }
        #expect(got == test.expected)
        if case .failed(.engineTimeout) = test.expected {
            #expect(sent.withLock { $0.contains { $0.type == "audio-chunk" } })  // the first sentence was heard
        }
    }
}

/// A fresh folder under the system temp directory.
struct TemporaryTestFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chatterbox-doors-\(UUID().uuidString)")
    init() { try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func remove() { try? FileManager.default.removeItem(at: url) }
}
