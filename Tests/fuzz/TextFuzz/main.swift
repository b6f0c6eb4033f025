import ChatterboxCore
import Foundation

/// libFuzzer target over the text path: bytes -> validation -> (SSML parsing) -> normalisation -> chunking ->
/// espeak-ng phonemes, the last directly against libespeak-ng in this process (in the server it
/// runs in the helper processes), so a text that crashes espeak-ng is found as a crash here.
/// Also checks what the steps promise: chunks are trimmed, non-empty and within the engine limit
/// (the hazard pass cut every long word), and normalising is idempotent on its own output's length class.
///
/// Built only with `-sanitize=fuzzer -parse-as-library` (see bash Tests/fuzz/run.sh).
/// An input that looks like SSML goes through `SSMLParser` first (it must only ever throw `invalid_ssml`,
/// keep every break within its limit, and never produce more parts than the input has characters); each
/// text it yields then takes the text path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTextPath(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    patchModel(Data(bytes: data, count: size))
    readMultipart(Array(UnsafeBufferPointer(start: data, count: size)))
    guard let text = try? TextValidator(maxLength: 20_000).validate(bytes: Data(bytes: data, count: size)) else { return 0 }
    guard SpeechScript.looksLikeSSML(text) else {
        speak(text)
        return 0
    }
    do {
        let script = try SSMLParser().parse(text)
        precondition(script.parts.count <= text.utf8.count + 1, "more SSML parts than input bytes")
        for part in script.parts {
            switch part {
            case .text(let words, _), .phonemes(_, let words, _): speak(words)
            case .pause(let seconds): precondition(seconds >= 0 && seconds <= 10, "a break of \(seconds) s")
            case .boundary: break
            }
        }
    } catch let error as ChatterboxError {
        precondition(error.code == .invalidSsml || error.code == .emptyText, "SSML refused as \(error.code)")
    } catch {
        preconditionFailure("SSML parser threw \(error)")
    }
    return 0
}

/// The text path: normalisation -> chunking -> espeak-ng phonemes.
func speak(_ text: String) {
    let normalized = TextNormalizer().normalize(text)
    writeBack(text, normalized: normalized)
    let chunks = SentenceChunker(maxCharacters: 400).chunks(normalized)
    for chunk in chunks {
        precondition(!chunk.isEmpty && chunk == chunk.trimmingCharacters(in: .whitespacesAndNewlines), "untrimmed chunk")
        precondition(chunk.count <= 400, "a chunk of \(chunk.count) characters passed the 400 limit")
        let phonemes = (try? EspeakLibrary.shared.phonemize(chunk, voice: "en-us")) ?? []
        align(chunk, phonemes: phonemes)
    }
    // Another language's path (no English rule, the safety passes only): the same chunk limits hold.
    for chunk in SentenceChunker(maxCharacters: 400).chunks(TextNormalizer().normalize(text, language: LanguageTag("de"))) {
        precondition(!chunk.isEmpty && chunk.count <= 400, "a German chunk of \(chunk.count) characters")
    }
}

/// The word aligner over a chunk's words and espeak-ng's phoneme words (timed one second each): every
/// word comes back once, in order, never overlapping.
func align(_ chunk: String, phonemes: [[String]]) {
    let aligner = WordAligner()
    let words = aligner.words(of: chunk)
    let spoken = phonemes.flatMap { $0.split(separator: " ") }.enumerated()
        .map { WordAligner.Spoken(start: Double($0.offset), end: Double($0.offset) + 0.8, size: $0.element.count) }
    let timed = aligner.align(words, spoken: spoken)
    precondition(spoken.isEmpty || timed.map(\.word) == words, "aligner lost or reordered words")
    for (word, next) in zip(timed, timed.dropFirst()) { precondition(word.start <= word.end && word.end <= next.start, "overlapping words") }
}

/// Captions given back in the text's spelling (`WrittenWords`): whole or chunk by chunk alike, in order, never
/// overlapping, over the same time as the spoken words.
func writeBack(_ text: String, normalized: String) {
    let spoken = WordAligner().words(of: normalized).enumerated().map { WordTiming(word: $1, start: Double($0), end: Double($0) + 0.8) }
    let whole = WrittenWords.relabel(spoken, text: text)
    precondition(spoken.isEmpty == whole.isEmpty && whole.count <= spoken.count, "words appeared or vanished")
    precondition(whole.first?.start == spoken.first?.start && whole.last?.end == spoken.last?.end, "the captions' time moved")
    for (word, next) in zip(whole, whole.dropFirst()) { precondition(word.start <= word.end && word.end <= next.start, "overlapping words") }
    var pieces = WrittenWords(text: text), streamed: [WordTiming] = []
    for start in stride(from: 0, to: spoken.count, by: 3) { streamed += pieces.add(Array(spoken[start..<min(start + 3, spoken.count)])) }
    precondition(streamed + pieces.finish() == whole, "chunk by chunk differs from the whole")
}

/// Any bytes as a multipart body (boundary `b`): the same parts, or the same refusal, whole or in pieces of
/// any size (the first byte picks it).
func readMultipart(_ bytes: [UInt8]) {
    func read(_ pieces: [[UInt8]]) -> [MultipartStream.Event]? {
        var stream = MultipartStream(boundary: "b"), events: [MultipartStream.Event] = []
        do {
            for piece in pieces {
                for event in try stream.feed(piece) {
                    if case .data(let more) = event, case .data(let before)? = events.last { events[events.count - 1] = .data(before + more) } else { events.append(event) }
                }
            }
        } catch { return nil }
        return events
    }
    let size = 1 + Int(bytes.first ?? 0) % 9
    let pieces = stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
    precondition(read([bytes]) == read(pieces), "multipart parts depend on how the bytes arrive")
}

/// Any bytes as an ONNX model to patch (a voice is a file a user may upload): never a crash; a model it
/// patched has the output already and is not patched twice.
func patchModel(_ bytes: Data) {
    guard let patched = OnnxModelPatch.exposingOutput(ofOnly: "Ceil", in: bytes) else { return }
    precondition(OnnxModelPatch.exposingOutput(ofOnly: "Ceil", in: patched.model) == nil, "patched twice")
}

/// libFuzzer's driver, entered from our own `main`: SwiftPM links an executable with
/// `--defsym main=text_fuzz_main`, which `-parse-as-library` leaves undefined, so we define it and
/// hand over to libFuzzer (whose own `main` is then never linked in).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("text_fuzz_main")
public func textFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc, arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzTextPath(data, size) }
}
