import Foundation
import Logging
import Synchronization

/// libespeak-ng, out of process: a small pool of `chatterbox espeak-helper` children that do every
/// espeak-ng call of this process (Piper's phonemes, the espeak engine's audio, its voice list).
///
/// A helper that dies on a text is replaced and the text is tried once more in a fresh helper;
/// when that one dies too (or takes longer than `timeout`), the text is the cause and the caller
/// gets `text_not_speakable` — bad input, never retried, and nothing else in the server notices.
public actor EspeakHelper {
    /// The process's helpers for `library` (`engines.espeak_library`; "" for the system's), run from the `chatterbox`
    /// program (this one, or the one beside it). Every registry of the process that asks for the same library shares
    /// one pool (a server has one registry; tests make many), so helper processes are not multiplied.
    public static func pool(library: String) -> EspeakHelper {
        pools.withLock { pools in
            if let pool = pools[library] { return pool }
            let pool = EspeakHelper(executable: ChatterboxExecutable.locate(), size: min(4, max(2, ProcessInfo.processInfo.activeProcessorCount)),
                                    library: library)
            pools[library] = pool
            return pool
        }
    }

    private static let pools = Mutex<[String: EspeakHelper]>([:])

    private let executable: String
    /// The library its helpers load ("" for the system's; `EspeakLibraryLocation`).
    private let library: String
    private let timeout: Duration
    private let gate: AsyncGate
    private let logger = Logger(label: "chatterbox.espeak")
    private var idle: [WorkerConnection] = []
    private var catalogue: Catalogue?
    /// Helper processes started so far (replacements included).
    public private(set) var starts = 0

    /// A pool of at most `size` helpers running `executable espeak-helper`; a call taking longer than
    /// `timeout` is ended by killing its helper.
    /// `library` is the libespeak-ng its helpers load ("" for the system's).
    public init(executable: String, size: Int, timeout: Duration = .seconds(30), library: String = EspeakLibraryLocation.defaultPath) {
        self.executable = executable
        self.library = library
        self.timeout = timeout
        gate = AsyncGate(limit: size)
    }

    /// Where the helpers' library comes from, for people: "from FOLDER" (the installed 1.52) or "the system's library".
    public nonisolated var librarySource: String {
        EspeakLibraryLocation.folder(of: library).map { "from \($0)" } ?? "the system's library"
    }

    /// How a helper is started; the library it loads is decided when it starts (`EspeakLibraryLocation`).
    private var launch: WorkerConnection.Launch {
        var environment = Secrets.childEnvironment()
        environment["SWIFT_BACKTRACE"] = "enable=no"  // a helper espeak-ng crashes is replaced, not debugged
        return WorkerConnection.Launch(executable: executable, arguments: ["espeak-helper"],
                                       environment: EspeakLibraryLocation.helperEnvironment(environment, library: library),
                                       engine: "espeak-ng", role: "helper",
                                       startHint: "the espeak-ng helper runs from the chatterbox program; reinstall it (scripts/install.sh)")
    }

    /// IPA phonemes of `text`, one list per sentence (`EspeakLibrary.phonemize`).
    public func phonemize(_ text: String, voice: String) async throws -> [[String]] {
        try await call(WorkerRequest(op: "phonemize", text: text, voice: voice)).reply.phonemes ?? []
    }

    /// espeak-ng's own voice speaking `text` (`EspeakLibrary.synthesize`), its words timed by `WordAligner`.
    public func synthesize(text: String, voice: String, wordsPerMinute: Int, pitch: Int, wordGap: Int) async throws -> AudioBuffer {
        let parameters = ["rate": Double(wordsPerMinute), "pitch": Double(pitch), "word_gap": Double(wordGap)]
        let (reply, samples) = try await call(WorkerRequest(op: "synthesize", text: text, voice: voice, params: parameters))
        let aligner = WordAligner()
        return AudioBuffer(samples: samples, sampleRate: reply.sampleRate ?? 22050,
                           words: aligner.align(aligner.words(of: text), spoken: reply.words ?? []))
    }

    /// What the helpers' libespeak-ng offers, asked once and remembered.
    private struct Catalogue {
        var sampleRate: Int
        var voices: [EspeakLibrary.Voice]
        var version: String
        var dataPath: String
    }

    private func catalogued() async throws -> Catalogue {
        if let catalogue { return catalogue }
        let reply = try await call(WorkerRequest(op: "voices")).reply
        let answer = Catalogue(sampleRate: reply.sampleRate ?? 22050, voices: reply.voices ?? [],
                               version: reply.espeakVersion ?? "unknown", dataPath: reply.espeakData ?? "")
        catalogue = answer
        return answer
    }

    /// espeak-ng's output rate and voices.
    public func voices() async throws -> (sampleRate: Int, voices: [EspeakLibrary.Voice]) {
        let catalogue = try await catalogued()
        return (catalogue.sampleRate, catalogue.voices)
    }

    /// The libespeak-ng the helpers loaded: its version (`1.52.0`) and data folder.
    public func library() async throws -> (version: String, dataPath: String) {
        let catalogue = try await catalogued()
        return (catalogue.version, catalogue.dataPath)
    }

    /// Makes sure a helper is running (about 30 ms to start one), so that a cold start pays for it
    /// while something slower, a model load, runs beside it.
    public func prestart() async {
        guard starts == 0 else { return }
        _ = try? await call(WorkerRequest(op: "ping"))
    }

    private func call(_ request: WorkerRequest) async throws -> (reply: WorkerReply, samples: [Float]) {
        try await gate.run { try await self.attemptTwice(request) }
    }

    private func attemptTwice(_ request: WorkerRequest) async throws -> (reply: WorkerReply, samples: [Float]) {
        do {
            return try await attempt(request)
        } catch let failure as WorkerFailure {
            logger.warning("\(failure.message); trying the text once more in a fresh helper")
        }
        do {
            return try await attempt(request)
        } catch let failure as WorkerFailure {
            let what = failure.reason == .timeout ? "took longer than \(timeout) on it" : "crashed on it"
            logger.warning("\(failure.message); the \(request.op) request is refused as text_not_speakable")
            throw ChatterboxError(.textNotSpeakable, message: "espeak-ng cannot read this text (it \(what)); rephrase it, e.g. with fewer dotted letters or abbreviations in a row",
                                  field: "text")
        }
    }

    /// One round trip on an idle (or new) helper; the helper goes back to the pool unless it died.
    private func attempt(_ request: WorkerRequest) async throws -> (reply: WorkerReply, samples: [Float]) {
        let helper = try await take()
        // espeak-ng calls are milliseconds: a cancelled caller lets its call finish rather than lose a helper.
        let (reply, samples) = try await helper.exchange(request, timeout: timeout, killOnCancel: false)
        idle.append(helper)
        guard reply.ok == true else {
            let failure = reply.error ?? .init(code: "engine_failure", message: "the espeak-ng helper failed without saying why")
            throw failure.error
        }
        return (reply, samples)
    }

    /// An idle helper, or a new one once it has said it is ready.
    private func take() async throws -> WorkerConnection {
        while let helper = idle.popLast() {
            if helper.isRunning { return helper }
        }
        let fresh = try WorkerConnection(launch, logger: logger)
        starts += 1
        do {
            let ready = try await BlockingWork.run { try fresh.readReply().reply }
            guard ready.op == "ready" else { throw WorkerFailure(reason: nil, message: "it did not introduce itself") }
        } catch let failure as WorkerFailure {
            fresh.kill(.stopped)
            throw ChatterboxError(.engineUnavailable, message: "the espeak-ng helper (\(launch.executable) espeak-helper) did not start: \(failure.message)")
        }
        return fresh
    }
}
