import Foundation

/// The other end of `EspeakHelper`: the loop of `chatterbox espeak-helper`, a child process of
/// the server and the only place libespeak-ng runs. espeak-ng has crashed on short crafted texts
/// (a run of dotted letters smashes its stack), so it must never share a process with anything
/// else: when it dies here, the server loses one helper, not every request in flight.
///
/// Frames as the Python worker's: a 4-byte big-endian length, a JSON header, then float32
/// samples when the reply announces them. The first frame out is `{"op": "ready"}`; the loop ends
/// at the end of its input (the server went away) or at `shutdown`.
public enum EspeakHelperServer {
    /// Serves requests until the input ends; returns the process's exit status.
    public static func run(input: FileHandle = .standardInput, output: FileHandle = .standardOutput) -> Int32 {
        guard send(WorkerReply(op: "ready", ok: true, pid: getpid()), to: output) else { return 0 }
        while let prefix = read(4, from: input) {
            let length = WorkerFrame.length(of: prefix)
            guard length > 0, length <= WorkerFrame.maxHeaderBytes, let body = read(length, from: input),
                  let request = try? JSONDecoder().decode(WorkerRequest.self, from: body) else { return 2 }
            if request.op == "shutdown" { return 0 }
            let (reply, samples) = answer(request)
            guard send(reply, samples: samples, to: output) else { return 0 }
        }
        return 0
    }

    /// The reply to one request; failures become error replies and the loop goes on.
    static func answer(_ request: WorkerRequest, library: EspeakLibrary = .shared) -> (WorkerReply, [Float]) {
        var reply = WorkerReply(id: request.id, ok: true)
        do {
            switch request.op {
            case "voices":
                reply.sampleRate = try library.sampleRate()
                reply.voices = try library.voices()
                (reply.espeakVersion, reply.espeakData) = try library.info()
            case "phonemize":
                reply.phonemes = try library.phonemize(request.text ?? "", voice: request.voice ?? "en-us")
            case "synthesize":
                let parameters = request.params ?? [:]
                let (audio, words) = try library.synthesize(text: request.text ?? "", voice: request.voice ?? "en-us",
                                                   wordsPerMinute: Int(parameters["rate"] ?? 175),
                                                   pitch: Int(parameters["pitch"] ?? 50), wordGap: Int(parameters["word_gap"] ?? 0))
                reply.sampleRate = audio.sampleRate
                reply.samples = audio.samples.count
                reply.words = words
                return (reply, audio.samples)
            case "ping":
                break
            default:
                throw ChatterboxError(.unknownOp, message: "the espeak-ng helper does not know '\(request.op)'")
            }
        } catch let error as ChatterboxError {
            reply.ok = false
            reply.error = .init(error)
        } catch {
            reply.ok = false
            reply.error = .init(ChatterboxError.engine("\(error)"))
        }
        return (reply, [])
    }

    private static func send(_ reply: WorkerReply, samples: [Float] = [], to output: FileHandle) -> Bool {
        guard var frame = try? WorkerFrame.encode(reply) else { return false }
        if !samples.isEmpty { frame += WorkerFrame.bytes(of: samples) }
        return (try? output.write(contentsOf: frame)) != nil
    }

    private static func read(_ count: Int, from input: FileHandle) -> Data? {
        var data = Data(capacity: count)
        while data.count < count {
            guard let chunk = try? input.read(upToCount: count - data.count), !chunk.isEmpty else { return nil }
            data += chunk
        }
        return data
    }
}
