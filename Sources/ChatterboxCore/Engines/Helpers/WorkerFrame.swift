import Foundation

/// One request to a helper process: a Python worker (`python/chatterbox_worker/protocol.py` is the
/// other side) or the espeak-ng helper (`EspeakHelperServer`).
/// On the wire: a 4-byte big-endian length, then this header as UTF-8 JSON.
public struct WorkerRequest: Sendable, Codable, Equatable {
    /// `synthesize`, `load`, `ping` or `shutdown`; the espeak-ng helper also takes `phonemize` and `voices`.
    public var op: String
    /// Numbers replies to requests.
    public var id: Int = 0
    /// Text to speak (`synthesize`).
    public var text: String?
    /// Voice name without the engine prefix.
    public var voice: String?
    /// The voice's file (a Piper .onnx, a reference clip, a speaker embedding), when it has one.
    public var voicePath: String?
    /// Speaking rate; engines that cannot change it accept only 1.
    public var speed: Double?
    /// Engine parameters, already checked against the engine's declared ranges.
    public var params: [String: Double]?

    /// Creates a request.
    public init(op: String, text: String? = nil, voice: String? = nil, voicePath: String? = nil, speed: Double? = nil, params: [String: Double]? = nil) {
        self.op = op
        self.text = text
        self.voice = voice
        self.voicePath = voicePath
        self.speed = speed
        self.params = params
    }

    enum CodingKeys: String, CodingKey {
        case op, id, text, voice, speed, params
        case voicePath = "voice_path"
    }
}

/// A worker's reply header; `samples` float32 values follow it when present.
public struct WorkerReply: Sendable, Codable, Equatable {
    /// A failure the worker reports instead of audio.
    public struct Failure: Sendable, Codable, Equatable {
        public var code: String
        public var message: String
        /// The input at fault, when the helper knows it.
        public var field: String?

        public init(code: String, message: String, field: String? = nil) {
            (self.code, self.message, self.field) = (code, message, field)
        }

        /// `error` as a child process reports it.
        public init(_ error: ChatterboxError) {
            self.init(code: error.code.rawValue, message: error.message, field: error.field)
        }

        /// The error the child reported; a code this program does not know is ours (500), named in the message.
        public var error: ChatterboxError {
            guard let known = ErrorCode(rawValue: code) else {
                return ChatterboxError(.engineError, message: "a helper reported an unknown error '\(code.prefix(40))': \(message)")
            }
            return ChatterboxError(known, message: message, field: field)
        }
    }

    /// `ready` on the frame a worker sends first.
    public var op: String?
    public var id: Int?
    public var ok: Bool?
    public var sampleRate: Int?
    public var samples: Int?
    public var error: Failure?
    /// Ready frame: whether the engine's packages are importable, and if not why.
    public var available: Bool?
    public var reason: String?
    /// Ready frame: the interpreter's version and the worker's process id.
    public var python: String?
    public var pid: Int32?
    /// espeak-ng helper: phonemes per sentence (`phonemize`), the voices (`voices`).
    public var phonemes: [[String]]?
    public var voices: [EspeakLibrary.Voice]?
    /// espeak-ng helper (`voices`): the library's version and data folder.
    public var espeakVersion: String?
    public var espeakData: String?
    /// espeak-ng helper (`synthesize`): when each word is heard (`WordAligner.Spoken`, from its word events).
    public var words: [WordAligner.Spoken]?

    enum CodingKeys: String, CodingKey {
        case op, id, ok, samples, error, available, reason, python, pid, phonemes, voices, words
        case espeakVersion = "espeak_version", espeakData = "espeak_data"
        case sampleRate = "sample_rate"
    }
}

/// Encoding and decoding of frames.
enum WorkerFrame {
    /// Largest header accepted from a worker.
    static let maxHeaderBytes = 16 * 1024 * 1024

    /// A request or reply header as length prefix + JSON.
    static func encode(_ header: some Encodable) throws -> Data {
        let body = try JSONEncoder().encode(header)
        var length = UInt32(body.count).bigEndian
        return Data(bytes: &length, count: 4) + body
    }

    /// The header length announced by a 4-byte prefix.
    static func length(of prefix: Data) -> Int {
        prefix.reduce(0) { $0 << 8 | Int($1) }
    }

    /// Little-endian float32 bytes as samples.
    static func samples(from data: Data) -> [Float] {
        var samples = [Float](repeating: 0, count: data.count / 4)
        _ = samples.withUnsafeMutableBytes { data.copyBytes(to: $0) }
        return samples.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
    }

    /// Samples as little-endian float32 bytes.
    static func bytes(of samples: [Float]) -> Data {
        var data = Data(capacity: samples.count * 4)
        for sample in samples {
            var bits = sample.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { data.append(contentsOf: $0) }
        }
        return data
    }
}
