/// The effective configuration, typed and validated. Build it with `SettingsLoader`.
public struct Settings: Sendable, Equatable {
    /// `api.*`
    public struct API: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var workers: Int
        public var corsOrigins: [String]
        /// Host names accepted besides loopback ones (`*` any).
        public var allowedHosts: [String]
        public var apiKeys: [String]
        /// Requests per minute per client; 0 = unlimited.
        public var rateLimit: Int
        /// Token-bucket capacity per client.
        public var rateBurst: Int
        /// Largest request body in bytes.
        public var maxBodyBytes: Int
        /// Direct speech syntheses at once.
        public var speechConcurrency: Int
        /// Direct syntheses one client may hold or wait for at once.
        public var speechPerClient: Int
        /// Seconds a response may stall on a client that reads nothing.
        public var writeTimeoutSeconds: Int
        /// Seconds a connection may go without completing a request.
        public var idleTimeoutSeconds: Int
        /// OpenAI voice name -> voice id.
        public var voiceAliases: [String: VoiceID]

        /// `alloy=piper:en_US-joe-medium` -> ("alloy", piper:en_US-joe-medium).
        static func parseAlias(_ text: String) -> (String, VoiceID)? {
            guard let equals = text.firstIndex(of: "=") else { return nil }
            let name = String(text[..<equals]).trimmingWhitespace(), voice = String(text[text.index(after: equals)...]).trimmingWhitespace()
            guard !name.isEmpty, let id = VoiceID.parse(voice) else { return nil }
            return (name, id)
        }
    }

    /// `processing.*`
    public struct Processing: Sendable, Equatable {
        public var model: VoiceID
        public var batchSize: Int
        public var maxTextLength: Int
        public var outputFormat: AudioFormat
        public var sampleRate: Int
        /// `processing.mp3_bitrate`, `processing.opus_bitrate`.
        public var bitrates: AudioBitrates
        public var sentenceSilence: Double
        public var earlyFirstAudio: Bool
        public var clauseSilence: Double
        public var fallback: [VoiceID]
        public var maxLoadedModels: Int
        public var idleUnloadSeconds: Int
        public var threads: Int
        public var useGPU: Bool
    }

    /// `directories.*`, as written (relative paths are relative to the working directory).
    public struct Directories: Sendable, Equatable {
        public var input: String
        public var output: String
        public var logs: String
        public var data: String
        public var voices: String
        public var lexicons: String
    }

    /// `voices.*`
    public struct Voices: Sendable, Equatable {
        /// Largest `POST /voices` body, in bytes.
        public var maxUploadBytes: Int
        /// Piper's `voices.json` catalog: a URL or a file path.
        public var catalogURL: String
    }

    /// `logging.*`
    public struct Logging: Sendable, Equatable {
        public var level: String
        public var format: String
        public var rotation: String
        public var retentionDays: Int
    }

    /// `monitoring.*`
    public struct Monitoring: Sendable, Equatable {
        public var enabled: Bool
        public var metricsPort: Int
    }

    /// `jobs.*`
    public struct Jobs: Sendable, Equatable {
        public var store: String
        /// The PostgreSQL password when the URL has none, or a file holding it.
        public var storePassword: String
        public var storePasswordFile: String
        public var maxAttempts: Int
        public var concurrency: Int
        public var retentionDays: Int
        public var leaseSeconds: Int
        /// Below this much free disk in the data folder (MB) nothing new is taken on.
        public var minFreeDiskMB: Int
        /// Engine id -> most running jobs.
        public var engineLimits: [String: Int]

        /// `piper=1` -> ("piper", 1).
        static func parseLimit(_ text: String) -> (String, Int)? {
            let parts = text.split(separator: "=").map { String($0).trimmingWhitespace() }
            guard parts.count == 2, !parts[0].isEmpty, let limit = Int(parts[1]), limit > 0 else { return nil }
            return (parts[0], limit)
        }
    }

    /// `engines.*`
    public struct Engines: Sendable, Equatable {
        public var onnxruntimeLibrary: String
        /// libespeak-ng for the espeak-ng helpers; empty or missing: the system's.
        public var espeakLibrary: String
        /// Interpreter of the Python engines; empty when they are off.
        public var python: String
        /// Folder with the `chatterbox_worker` package; empty to search the usual places.
        public var pythonWorker: String
        public var pythonIdleSeconds: Int
        public var pythonTimeoutSeconds: Int
        /// Local Chatterbox checkpoint folders by model (`chatterbox`, `chatterbox-multilingual`, `chatterbox-turbo`).
        public var chatterboxWeights: [String: String] = [:]

        /// The Chatterbox models whose weights can be given.
        public static let chatterboxModels = ["chatterbox", "chatterbox-multilingual", "chatterbox-turbo"]

        /// `chatterbox-turbo=/models/turbo` -> ("chatterbox-turbo", "/models/turbo").
        static func parseWeights(_ text: String) -> (String, String)? {
            guard let equals = text.firstIndex(of: "=") else { return nil }
            let model = String(text[..<equals]).trimmingWhitespace(), folder = String(text[text.index(after: equals)...]).trimmingWhitespace()
            guard chatterboxModels.contains(model), !folder.isEmpty else { return nil }
            return (model, folder)
        }
    }

    /// `wyoming.*`
    public struct Wyoming: Sendable, Equatable {
        public var enabled: Bool
        /// Empty: `api.host`.
        public var host: String
        public var port: Int
        public var samplesPerChunk: Int
        /// Voice ids to advertise; empty = all.
        public var voices: [String]
        /// Zeroconf instance name; empty = no discovery.
        public var zeroconf: String
        public var allowedClients: [CIDRRange]
        public var idleTimeoutSeconds: Int
    }

    public var api: API
    public var wyoming: Wyoming
    public var processing: Processing
    public var directories: Directories
    public var voices: Voices
    public var logging: Logging
    public var monitoring: Monitoring
    public var jobs: Jobs
    public var engines: Engines

    /// Every key at its default.
    public static var defaults: Settings {
        Settings(values: Dictionary(uniqueKeysWithValues: SettingKey.all.map { ($0.name, $0.defaultValue) }))
    }

    /// Builds the typed value from checked values by key name (missing keys take defaults).
    init(values: [String: SettingValue]) {
        func value(_ name: String) -> SettingValue { values[name] ?? SettingKey.named(name)!.defaultValue }
        api = API(host: value("api.host").stringValue, port: value("api.port").intValue, workers: value("api.workers").intValue,
                  corsOrigins: value("api.cors_origins").stringsValue, allowedHosts: value("api.allowed_hosts").stringsValue,
                  apiKeys: value("api.api_keys").stringsValue,
                  rateLimit: value("api.rate_limit").intValue, rateBurst: value("api.rate_burst").intValue,
                  maxBodyBytes: value("api.max_body_bytes").intValue, speechConcurrency: value("api.speech_concurrency").intValue,
                  speechPerClient: value("api.speech_per_client").intValue, writeTimeoutSeconds: value("api.write_timeout_seconds").intValue,
                  idleTimeoutSeconds: value("api.idle_timeout_seconds").intValue,
                  voiceAliases: Dictionary(value("api.voice_aliases").stringsValue.compactMap(API.parseAlias), uniquingKeysWith: { $1 }))
        wyoming = Wyoming(enabled: value("wyoming.enabled").boolValue, host: value("wyoming.host").stringValue,
                          port: value("wyoming.port").intValue, samplesPerChunk: value("wyoming.samples_per_chunk").intValue,
                          voices: value("wyoming.voices").stringsValue, zeroconf: value("wyoming.zeroconf").stringValue,
                          allowedClients: value("wyoming.allowed_clients").stringsValue.compactMap(CIDRRange.init),
                          idleTimeoutSeconds: value("wyoming.idle_timeout_seconds").intValue)
        processing = Processing(
            model: VoiceID.parse(value("processing.model").stringValue) ?? "piper:en_US-joe-medium", batchSize: value("processing.batch_size").intValue,
            maxTextLength: value("processing.max_text_length").intValue,
            outputFormat: AudioFormat(name: value("processing.output_format").stringValue) ?? .wav,
            sampleRate: value("processing.sample_rate").intValue,
            bitrates: AudioBitrates(mp3: value("processing.mp3_bitrate").intValue, opus: value("processing.opus_bitrate").intValue),
            sentenceSilence: value("processing.sentence_silence").doubleValue,
            earlyFirstAudio: value("processing.early_first_audio").boolValue,
            clauseSilence: value("processing.clause_silence").doubleValue,
            fallback: value("processing.fallback").stringsValue.compactMap(VoiceID.parse),
            maxLoadedModels: value("processing.max_loaded_models").intValue,
            idleUnloadSeconds: value("processing.idle_unload_seconds").intValue,
            threads: value("processing.threads").intValue,
            useGPU: value("processing.use_gpu").boolValue)
        directories = Directories(
            input: value("directories.input").stringValue, output: value("directories.output").stringValue,
            logs: value("directories.logs").stringValue,
            data: value("directories.data").stringValue, voices: value("directories.voices").stringValue,
            lexicons: value("directories.lexicons").stringValue)
        voices = Voices(maxUploadBytes: value("voices.max_upload_bytes").intValue, catalogURL: value("voices.catalog_url").stringValue)
        logging = Logging(level: value("logging.level").stringValue, format: value("logging.format").stringValue,
                          rotation: value("logging.rotation").stringValue, retentionDays: value("logging.retention").intValue)
        monitoring = Monitoring(enabled: value("monitoring.enabled").boolValue, metricsPort: value("monitoring.metrics_port").intValue)
        jobs = Jobs(store: value("jobs.store").stringValue, storePassword: value("jobs.store_password").stringValue,
                    storePasswordFile: value("jobs.store_password_file").stringValue, maxAttempts: value("jobs.max_attempts").intValue,
                    concurrency: value("jobs.concurrency").intValue, retentionDays: value("jobs.retention").intValue,
                    leaseSeconds: value("jobs.lease_seconds").intValue, minFreeDiskMB: value("jobs.min_free_disk_mb").intValue,
                    engineLimits: Dictionary(value("jobs.engine_limits").stringsValue.compactMap(Jobs.parseLimit), uniquingKeysWith: { $1 }))
        engines = Engines(onnxruntimeLibrary: value("engines.onnxruntime_library").stringValue,
                          espeakLibrary: value("engines.espeak_library").stringValue, python: value("engines.python").stringValue,
                          pythonWorker: value("engines.python_worker").stringValue,
                          pythonIdleSeconds: value("engines.python_idle_seconds").intValue,
                          pythonTimeoutSeconds: value("engines.python_timeout_seconds").intValue,
                          chatterboxWeights: Dictionary(value("engines.chatterbox_weights").stringsValue.compactMap(Engines.parseWeights),
                                                        uniquingKeysWith: { $1 }))
    }
}
